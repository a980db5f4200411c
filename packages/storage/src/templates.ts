import type { estypes } from '@elastic/elasticsearch';
import { INFRA_COUNTERS, INFRA_GAUGES } from '@linkscope/domain';

/** The composable template for daily span indices. Only core Elasticsearch field types are used. */
export function spanIndexTemplate(prefix: string, replicas: number): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: `${prefix}-spans`,
    index_patterns: [`${prefix}-spans-*`],
    priority: 200,
    template: {
      settings: {
        number_of_shards: 1,
        number_of_replicas: replicas,
        // Set explicitly so shards keep refreshing when no one searches: spans are visible within a second.
        refresh_interval: '1s',
        'mapping.total_fields.limit': 200,
      },
      mappings: {
        dynamic: false,
        properties: {
          '@timestamp': { type: 'date', format: 'epoch_millis' },
          tenant_id: { type: 'keyword' },
          project_id: { type: 'keyword' },
          trace_id: { type: 'keyword' },
          span_id: { type: 'keyword' },
          parent_span_id: { type: 'keyword' },
          is_root: { type: 'boolean' },
          name: { type: 'keyword', ignore_above: 1024 },
          kind: { type: 'keyword' },
          service_name: { type: 'keyword', ignore_above: 256 },
          start_ns: { type: 'long' },
          duration_ns: { type: 'long' },
          status_code: { type: 'keyword' },
          status_message: { type: 'keyword', index: false, doc_values: false },
          scope_name: { type: 'keyword', ignore_above: 256 },
          attr_kv: { type: 'keyword', ignore_above: 256 },
          layer_entities: { type: 'keyword', ignore_above: 2048 },
          attributes: { type: 'object', enabled: false },
          resource_attributes: { type: 'object', enabled: false },
          events: { type: 'object', enabled: false },
          links: { type: 'object', enabled: false },
        },
      },
    },
  };
}

const COMMON_SETTINGS = (replicas: number) => ({ number_of_shards: 1, number_of_replicas: replicas, refresh_interval: '1s', 'mapping.total_fields.limit': 200 });

/** Daily metric indices: one document per data point; histograms kept whole, their totals flat. */
export function metricIndexTemplate(prefix: string, replicas: number): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: `${prefix}-metrics`,
    index_patterns: [`${prefix}-metrics-*`],
    priority: 200,
    template: {
      settings: COMMON_SETTINGS(replicas),
      mappings: {
        dynamic: false,
        properties: {
          '@timestamp': { type: 'date', format: 'epoch_millis' },
          tenant_id: { type: 'keyword' },
          project_id: { type: 'keyword' },
          service_name: { type: 'keyword', ignore_above: 256 },
          host_name: { type: 'keyword', ignore_above: 256 },
          name: { type: 'keyword', ignore_above: 512 },
          unit: { type: 'keyword', ignore_above: 64 },
          kind: { type: 'keyword' },
          temporality: { type: 'keyword' },
          monotonic: { type: 'boolean' },
          time_ns: { type: 'long' },
          start_time_ns: { type: 'long' },
          value: { type: 'double' },
          hist_count: { type: 'long' },
          hist_sum: { type: 'double' },
          hist_min: { type: 'double' },
          hist_max: { type: 'double' },
          attr_kv: { type: 'keyword', ignore_above: 256 },
          scope_name: { type: 'keyword', ignore_above: 256 },
          histogram: { type: 'object', enabled: false },
          exponential_histogram: { type: 'object', enabled: false },
          summary: { type: 'object', enabled: false },
          attributes: { type: 'object', enabled: false },
          resource_attributes: { type: 'object', enabled: false },
        },
      },
    },
  };
}

/** Daily log indices: the body is full-text searchable with the standard analyzer (core Elasticsearch). */
export function logIndexTemplate(prefix: string, replicas: number): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: `${prefix}-logs`,
    index_patterns: [`${prefix}-logs-*`],
    priority: 200,
    template: {
      settings: COMMON_SETTINGS(replicas),
      mappings: {
        dynamic: false,
        properties: {
          '@timestamp': { type: 'date', format: 'epoch_millis' },
          tenant_id: { type: 'keyword' },
          project_id: { type: 'keyword' },
          service_name: { type: 'keyword', ignore_above: 256 },
          time_ns: { type: 'long' },
          observed_time_ns: { type: 'long' },
          severity_number: { type: 'integer' },
          severity_text: { type: 'keyword', ignore_above: 32 },
          body: { type: 'text' },
          trace_id: { type: 'keyword' },
          span_id: { type: 'keyword' },
          attr_kv: { type: 'keyword', ignore_above: 256 },
          scope_name: { type: 'keyword', ignore_above: 256 },
          attributes: { type: 'object', enabled: false },
          resource_attributes: { type: 'object', enabled: false },
        },
      },
    },
  };
}

/**
 * Daily access-log statistics: per-minute route documents (source "log", layer "uri"), sampled
 * slow and 5xx lines, unparseable-line counts. Bucket counts and raw lines are stored, not indexed.
 */
export function accessLogIndexTemplate(prefix: string, replicas: number): estypes.IndicesPutIndexTemplateRequest {
  const long = { type: 'long' } as const;
  return {
    name: `${prefix}-accesslogs`,
    index_patterns: [`${prefix}-accesslogs-*`],
    priority: 200,
    template: {
      settings: COMMON_SETTINGS(replicas),
      mappings: {
        dynamic: false,
        properties: {
          '@timestamp': { type: 'date', format: 'epoch_millis' },
          tenant_id: { type: 'keyword' },
          project_id: { type: 'keyword' },
          kind: { type: 'keyword' },
          source: { type: 'keyword' },
          layer: { type: 'keyword' },
          agent_id: { type: 'keyword' },
          file: { type: 'keyword', ignore_above: 1024 },
          batch_id: { type: 'keyword' },
          host: { type: 'keyword', ignore_above: 256 },
          method: { type: 'keyword' },
          route: { type: 'keyword', ignore_above: 512 },
          count: long,
          errors: long,
          status_2xx: long,
          status_3xx: long,
          status_4xx: long,
          status_5xx: long,
          status_counts: { type: 'object', enabled: false },
          bytes: long,
          slow_count: long,
          request_time_count: long,
          request_time_sum_us: long,
          request_time_max_us: long,
          request_time_buckets: { type: 'object', enabled: false },
          upstream_time_count: long,
          upstream_time_sum_us: long,
          upstream_time_max_us: long,
          upstream_time_buckets: { type: 'object', enabled: false },
          reason: { type: 'keyword' },
          path: { type: 'keyword', ignore_above: 2048 },
          status: { type: 'integer' },
          request_time_us: long,
          upstream_time_us: long,
          trace_id: { type: 'keyword' },
          line: { type: 'keyword', index: false, doc_values: false },
          unparsed_samples: { type: 'keyword', index: false, doc_values: false },
        },
      },
    },
  };
}

const keyword = (ignoreAbove: number) => ({ type: 'keyword' as const, ignore_above: ignoreAbove });

function rollupProperties(): Record<string, estypes.MappingProperty> {
  const gauge: estypes.MappingProperty = { type: 'object', properties: { sum: { type: 'double' }, count: { type: 'long' }, max: { type: 'double' } } };
  const counter: estypes.MappingProperty = {
    type: 'object',
    properties: { min_v: { type: 'double' }, max_v: { type: 'double' }, min_t: { type: 'long' }, max_t: { type: 'long' } },
  };
  return {
    '@timestamp': { type: 'date', format: 'epoch_millis' },
    tenant_id: { type: 'keyword' },
    project_id: { type: 'keyword' },
    layer: { type: 'keyword' },
    source: { type: 'keyword' },
    entity: keyword(2048),
    tier: { type: 'keyword' },
    batch_id: { type: 'keyword', index: false, doc_values: false },
    ingested_ms: { type: 'long' },
    name: keyword(256),
    service: keyword(256),
    method: keyword(64),
    route: keyword(512),
    peer: keyword(256),
    operation: keyword(512),
    system: keyword(128),
    instance: keyword(256),
    host: keyword(256),
    container: keyword(256),
    count: { type: 'long' },
    errors: { type: 'long' },
    lat_sum_us: { type: 'double' },
    lat_max_us: { type: 'double' },
    lat: { type: 'nested', properties: { b: { type: 'short' }, n: { type: 'long' } } },
    status: { type: 'nested', properties: { c: { type: 'keyword', ignore_above: 32 }, n: { type: 'long' } } },
    g: {
      type: 'object',
      properties: Object.fromEntries(
        INFRA_GAUGES.map((name) => [name, gauge]),
      ),
    },
    c: { type: 'object', properties: Object.fromEntries(INFRA_COUNTERS.map((name) => [name, counter])) },
  };
}

/**
 * Daily rollup indices: `<prefix>-rollups-*` holds what each batch wrote (one document per batch,
 * entity and minute); `<prefix>-rollups1m-*` holds sealed minutes (one document per entity and
 * minute, recomputed from the former). Same mapping for both, so one query reads either tier.
 */
export function rollupIndexTemplates(prefix: string, replicas: number): estypes.IndicesPutIndexTemplateRequest[] {
  return (['rollups', 'rollups1m'] as const).map((kind) => ({
    name: `${prefix}-${kind}`,
    index_patterns: [`${prefix}-${kind}-*`],
    priority: 200,
    template: {
      settings: { ...COMMON_SETTINGS(replicas), 'mapping.nested_objects.limit': 2000 },
      mappings: { dynamic: false, properties: rollupProperties() },
    },
  }));
}

/** Daily per-trace summary indices: one document per trace, what trace search filters and sorts on (ADR 0009). */
export function traceSummaryIndexTemplate(prefix: string, replicas: number): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: `${prefix}-traces`,
    index_patterns: [`${prefix}-traces-*`],
    priority: 200,
    template: {
      settings: { ...COMMON_SETTINGS(replicas), 'index.sort.field': ['@timestamp'], 'index.sort.order': ['desc'] },
      mappings: {
        dynamic: false,
        properties: {
          '@timestamp': { type: 'date', format: 'epoch_millis' },
          tenant_id: { type: 'keyword' },
          project_id: { type: 'keyword' },
          trace_id: { type: 'keyword' },
          start_ns: { type: 'keyword', index: false, doc_values: false },
          end_ns: { type: 'keyword', index: false, doc_values: false },
          duration_ns: { type: 'long' },
          span_count: { type: 'long' },
          error_count: { type: 'long' },
          has_error: { type: 'boolean' },
          root_span_id: { type: 'keyword', index: false, doc_values: false },
          root_service: { type: 'keyword', ignore_above: 256 },
          root_name: { type: 'keyword', ignore_above: 1024 },
          root_route: { type: 'keyword', ignore_above: 1024 },
          root_duration_ns: { type: 'long' },
          services: { type: 'keyword', ignore_above: 256 },
          error_services: { type: 'keyword', ignore_above: 256 },
          operations: { type: 'keyword', ignore_above: 1024 },
          routes: { type: 'keyword', ignore_above: 1024 },
          http_statuses: { type: 'keyword', ignore_above: 16 },
          attr_kv: { type: 'keyword', ignore_above: 256 },
          attr_keys: { type: 'keyword', ignore_above: 256 },
          terms_truncated: { type: 'boolean' },
          batches: { type: 'object', enabled: false },
        },
      },
    },
  };
}
