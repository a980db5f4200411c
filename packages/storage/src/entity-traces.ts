import type { Client, estypes } from '@elastic/elasticsearch';
import type { DurationNs, TenantScope, TraceSummary } from '@linkscope/domain';
import { spanIndicesBetween } from './index-names';
import type { SpanDocument } from './span-document';

const DAY_MS = 86_400_000;

export interface EntityTracesQuery {
  /** `<layer>:<entity key>`, as the worker stamps it on span documents. */
  readonly ref: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly limit: number;
  /** Only traces where one of the entity's spans failed (span status error). */
  readonly errorsOnly: boolean;
  /** `newest` first, or `slowest` first by the duration of the entity's own span. */
  readonly order: 'newest' | 'slowest';
}

function scopeFilter(scope: TenantScope): estypes.QueryDslQueryContainer[] {
  return [{ term: { tenant_id: scope.tenantId } }, { term: { project_id: scope.projectId } }];
}

type SummaryDoc = Pick<SpanDocument, 'trace_id' | 'name' | 'service_name' | 'duration_ns' | '@timestamp'>;
type EntitySpanDoc = SummaryDoc & Pick<SpanDocument, 'span_id'>;

/**
 * The newest traces within [fromMs, toMs) that contain a span of one layer entity, as trace-list
 * summaries (root span, span and error counts, services). A trace whose root is not stored is
 * summarised by the entity's span instead. Searches only the daily span indices of the window.
 */
export async function listEntityTraces(client: Client, prefix: string, scope: TenantScope, query: EntityTracesQuery): Promise<TraceSummary[]> {
  const filter: estypes.QueryDslQueryContainer[] = [
    ...scopeFilter(scope),
    { term: { layer_entities: query.ref } },
    { range: { '@timestamp': { gte: query.fromMs, lt: query.toMs } } },
  ];
  if (query.errorsOnly) filter.push({ term: { status_code: 'error' } });
  const matched = await client.search<EntitySpanDoc>({
    index: spanIndicesBetween(prefix, query.fromMs, query.toMs - 1),
    ignore_unavailable: true,
    allow_no_indices: true,
    size: query.limit,
    track_total_hits: false,
    query: { bool: { filter } },
    // One hit per trace: its first by the sort, so with `slowest` the entity's slowest span in that trace.
    collapse: { field: 'trace_id' },
    sort: query.order === 'slowest' ? [{ duration_ns: 'desc' }, { '@timestamp': 'desc' }] : [{ '@timestamp': 'desc' }],
    _source: ['trace_id', 'span_id', 'name', 'service_name', 'duration_ns', '@timestamp'],
  });
  const entitySpans = matched.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  if (entitySpans.length === 0) return [];
  const traceIds = entitySpans.map((doc) => doc.trace_id);
  const around = spanIndicesBetween(prefix, query.fromMs - DAY_MS, query.toMs + DAY_MS);
  const [roots, stats] = await Promise.all([
    client.search<SummaryDoc>({
      index: around,
      ignore_unavailable: true,
      allow_no_indices: true,
      size: traceIds.length,
      track_total_hits: false,
      query: { bool: { filter: [...scopeFilter(scope), { term: { is_root: true } }, { terms: { trace_id: traceIds } }] } },
      _source: ['trace_id', 'name', 'service_name', 'duration_ns', '@timestamp'],
    }),
    client.search({
      index: around,
      ignore_unavailable: true,
      allow_no_indices: true,
      size: 0,
      query: { bool: { filter: [...scopeFilter(scope), { terms: { trace_id: traceIds } }] } },
      aggs: {
        traces: {
          terms: { field: 'trace_id', size: traceIds.length },
          aggs: { errors: { filter: { term: { status_code: 'error' } } }, services: { terms: { field: 'service_name', size: 20 } } },
        },
      },
    }),
  ]);
  const rootByTrace = new Map(roots.hits.hits.flatMap((hit) => (hit._source ? [[hit._source.trace_id, hit._source] as const] : [])));
  type Bucket = { key: string; doc_count: number; errors: { doc_count: number }; services: { buckets: { key: string }[] } };
  const buckets = (stats.aggregations?.['traces'] as { buckets: Bucket[] } | undefined)?.buckets ?? [];
  const statsByTrace = new Map(buckets.map((bucket) => [bucket.key, bucket]));
  return entitySpans.map((span) => {
    const root = rootByTrace.get(span.trace_id) ?? span;
    const bucket = statsByTrace.get(span.trace_id);
    return {
      traceId: span.trace_id,
      rootServiceName: root.service_name,
      rootOperation: root.name,
      startEpochMs: root['@timestamp'],
      durationNs: root.duration_ns as DurationNs,
      spanCount: bucket?.doc_count ?? 1,
      errorCount: bucket?.errors.doc_count ?? 0,
      serviceNames: bucket?.services.buckets.map((service) => service.key) ?? [root.service_name],
      focus: { spanId: span.span_id, name: span.name, serviceName: span.service_name, durationNs: span.duration_ns as DurationNs },
    };
  });
}
