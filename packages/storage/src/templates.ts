import type { estypes } from '@elastic/elasticsearch';

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
          attributes: { type: 'object', enabled: false },
          resource_attributes: { type: 'object', enabled: false },
          events: { type: 'object', enabled: false },
          links: { type: 'object', enabled: false },
        },
      },
    },
  };
}
