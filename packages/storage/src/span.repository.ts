import type { Client, estypes } from '@elastic/elasticsearch';
import {
  type DurationNs,
  type SpanRecord,
  type SpanView,
  type TenantScope,
  type TraceSummary,
} from '@linkscope/domain';
import { type BulkWriteOutcome, bulkCreate } from './bulk-writer';
import { spanIndexFor, spanIndicesBetween } from './index-names';
import { type SpanDocument, fromSpanDocument, spanDocumentId, toSpanDocument } from './span-document';
import type { TraceSummaryRepository } from './trace-summary.repository';

export interface RecentTracesQuery {
  readonly nowMs: number;
  readonly lookbackMinutes: number;
  readonly limit: number;
  readonly serviceName?: string;
}

export interface TraceLookup {
  /** A time near the trace's start (e.g. from the list), which bounds the search to a few daily indices. */
  readonly aroundEpochMs?: number;
  readonly nowMs: number;
  /** How far back to look when no hint is given. */
  readonly lookbackDays: number;
}

const DAY_MS = 86_400_000;
/** The largest trace the API returns whole; past it, `truncated` is set. */
export const MAX_TRACE_SPANS = 50_000;
const TRACE_PAGE_SIZE = 5_000;

function scopeFilter(scope: TenantScope): estypes.QueryDslQueryContainer[] {
  return [{ term: { tenant_id: scope.tenantId } }, { term: { project_id: scope.projectId } }];
}

/** All span reads and writes. Every method takes the tenant scope and filters by it itself. */
export class SpanRepository {
  constructor(
    private readonly client: Client,
    private readonly prefix: string,
    private readonly summaries?: TraceSummaryRepository,
  ) {}

  /**
   * Stores spans once each: the id is tenant, project, trace and span, so a retried batch creates
   * nothing new. `layerEntities[i]`, when given, names the layer entities span i counts towards.
   */
  bulkCreate(scope: TenantScope, spans: readonly SpanRecord[], layerEntities?: readonly (readonly string[])[]): Promise<BulkWriteOutcome> {
    return bulkCreate(
      this.client,
      spans.map((span, i) => {
        const doc = toSpanDocument(scope, span, layerEntities?.[i]);
        return { index: spanIndexFor(this.prefix, doc['@timestamp']), id: spanDocumentId(scope, span), doc };
      }),
    );
  }

  /** How many spans of the scope started within [fromMs, toMs]. For tools and tests: exact, so never on a hot path. */
  async countSpans(scope: TenantScope, fromMs: number, toMs: number): Promise<number> {
    const response = await this.client.count({
      index: spanIndicesBetween(this.prefix, fromMs, toMs),
      ignore_unavailable: true,
      allow_no_indices: true,
      query: { bool: { filter: [...scopeFilter(scope), { range: { '@timestamp': { gte: fromMs, lte: toMs } } }] } },
    });
    return response.count;
  }

  /** The newest traces, seen through their root spans, with span and error counts for just those traces. */
  async listRecentTraces(scope: TenantScope, query: RecentTracesQuery): Promise<TraceSummary[]> {
    const fromMs = query.nowMs - query.lookbackMinutes * 60_000;
    const index = spanIndicesBetween(this.prefix, fromMs, query.nowMs);
    const filter: estypes.QueryDslQueryContainer[] = [
      ...scopeFilter(scope),
      { term: { is_root: true } },
      { range: { '@timestamp': { gte: fromMs, lte: query.nowMs } } },
    ];
    if (query.serviceName) filter.push({ term: { service_name: query.serviceName } });
    const roots = await this.client.search<SpanDocument>({
      index,
      ignore_unavailable: true,
      allow_no_indices: true,
      size: query.limit,
      track_total_hits: false,
      query: { bool: { filter } },
      sort: [{ '@timestamp': 'desc' }, { start_ns: 'desc' }],
      _source: ['trace_id', 'name', 'service_name', 'start_ns', 'duration_ns', '@timestamp'],
    });
    const rootDocs = roots.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
    if (rootDocs.length === 0) return [];
    const traceIds = [...new Set(rootDocs.map((doc) => doc.trace_id))];
    const stats = await this.client.search({
      index: spanIndicesBetween(this.prefix, fromMs - DAY_MS, query.nowMs),
      ignore_unavailable: true,
      allow_no_indices: true,
      size: 0,
      query: { bool: { filter: [...scopeFilter(scope), { terms: { trace_id: traceIds } }] } },
      aggs: {
        traces: {
          terms: { field: 'trace_id', size: traceIds.length },
          aggs: {
            errors: { filter: { term: { status_code: 'error' } } },
            services: { terms: { field: 'service_name', size: 20 } },
          },
        },
      },
    });
    type Bucket = { key: string; doc_count: number; errors: { doc_count: number }; services: { buckets: { key: string }[] } };
    const buckets = (stats.aggregations?.['traces'] as { buckets: Bucket[] } | undefined)?.buckets ?? [];
    const byTrace = new Map(buckets.map((bucket) => [bucket.key, bucket]));
    return rootDocs.map((doc) => {
      const bucket = byTrace.get(doc.trace_id);
      return {
        traceId: doc.trace_id,
        rootServiceName: doc.service_name,
        rootOperation: doc.name,
        startEpochMs: doc['@timestamp'],
        durationNs: doc.duration_ns as DurationNs,
        spanCount: bucket?.doc_count ?? 1,
        errorCount: bucket?.errors.doc_count ?? 0,
        serviceNames: bucket?.services.buckets.map((service) => service.key) ?? [doc.service_name],
      };
    });
  }

  /**
   * The spans of several traces at once (for aggregate analysis), grouped by trace id, at most
   * about `maxSpans` in all (a page more at most). Searches only the daily indices of [fromMs, toMs] (plus a day for traces
   * that cross midnight). Traces whose spans would pass the bound are left out whole, never cut.
   */
  async getSpansOfTraces(scope: TenantScope, traceIds: readonly string[], fromMs: number, toMs: number, maxSpans: number): Promise<Map<string, SpanView[]>> {
    const byTrace = new Map<string, SpanView[]>();
    if (traceIds.length === 0) return byTrace;
    const index = spanIndicesBetween(this.prefix, fromMs, toMs + DAY_MS);
    let searchAfter: estypes.SortResults | undefined;
    let total = 0;
    for (;;) {
      const page = await this.client.search<SpanDocument>({
        index,
        ignore_unavailable: true,
        allow_no_indices: true,
        size: TRACE_PAGE_SIZE,
        track_total_hits: false,
        query: { bool: { filter: [...scopeFilter(scope), { terms: { trace_id: [...traceIds] } }] } },
        sort: [{ trace_id: 'asc' }, { span_id: 'asc' }],
        ...(searchAfter ? { search_after: searchAfter } : {}),
      });
      for (const hit of page.hits.hits) {
        if (!hit._source) continue;
        const span = fromSpanDocument(hit._source);
        let list = byTrace.get(span.traceId);
        if (!list) byTrace.set(span.traceId, (list = []));
        list.push(span);
        total++;
      }
      const last = page.hits.hits.at(-1);
      if (total > maxSpans) {
        // Sorted by trace id, so only the last trace can be partial: drop it.
        const lastTrace = last?._source?.trace_id;
        if (lastTrace) byTrace.delete(lastTrace);
        break;
      }
      if (page.hits.hits.length < TRACE_PAGE_SIZE || !last?.sort) break;
      searchAfter = last.sort;
    }
    return byTrace;
  }

  /**
   * All spans of one trace, sorted by start, at most MAX_TRACE_SPANS. The search names only the
   * daily indices around the hint (or within the lookback), never every index. Null when absent.
   */
  async getTrace(scope: TenantScope, traceId: string, lookup: TraceLookup): Promise<{ spans: SpanView[]; truncated: boolean } | null> {
    let [fromMs, toMs] =
      lookup.aroundEpochMs !== undefined
        ? [lookup.aroundEpochMs - DAY_MS, Math.min(lookup.aroundEpochMs + DAY_MS, lookup.nowMs + DAY_MS)]
        : [lookup.nowMs - lookup.lookbackDays * DAY_MS, lookup.nowMs + DAY_MS];
    if (lookup.aroundEpochMs === undefined && this.summaries) {
      // Without a hint, the trace's summary (one small document per trace) says which days hold
      // its spans, so the span search names one or two daily indices instead of the whole lookback.
      const window = await this.summaries.findTraceWindow(scope, traceId, fromMs - DAY_MS, toMs);
      if (window) [fromMs, toMs] = [window.startMs, window.endMs];
    }
    const index = spanIndicesBetween(this.prefix, fromMs, toMs);
    const spans: SpanView[] = [];
    let searchAfter: estypes.SortResults | undefined;
    let truncated = false;
    for (;;) {
      const page = await this.client.search<SpanDocument>({
        index,
        ignore_unavailable: true,
        allow_no_indices: true,
        size: TRACE_PAGE_SIZE,
        track_total_hits: false,
        query: { bool: { filter: [...scopeFilter(scope), { term: { trace_id: traceId } }] } },
        // Sort values travel as JSON numbers: nanosecond longs would lose precision past 2^53 and
        // make search_after skip or repeat spans, so pages follow the millisecond timestamp.
        sort: [{ '@timestamp': 'asc' }, { span_id: 'asc' }],
        ...(searchAfter ? { search_after: searchAfter } : {}),
      });
      for (const hit of page.hits.hits) {
        if (!hit._source) continue;
        if (spans.length >= MAX_TRACE_SPANS) {
          truncated = true;
          break;
        }
        spans.push(fromSpanDocument(hit._source));
      }
      const last = page.hits.hits.at(-1);
      if (truncated || page.hits.hits.length < TRACE_PAGE_SIZE || !last?.sort) break;
      searchAfter = last.sort;
    }
    if (spans.length === 0) return null;
    spans.sort((a, b) => {
      const delta = BigInt(a.startEpochNs) - BigInt(b.startEpochNs);
      return delta === 0n ? (a.spanId < b.spanId ? -1 : 1) : delta < 0n ? -1 : 1;
    });
    return { spans, truncated };
  }
}
