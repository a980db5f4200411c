import { createHash } from 'node:crypto';
import type { Client, estypes } from '@elastic/elasticsearch';
import { type AccessLogBatch, type AccessLogMinuteTotal, type AccessLogSampleView, type LatencyBucketCounts, type TenantScope, mergeLatencyBuckets } from '@linkscope/domain';
import { type BulkDocument, type BulkWriteOutcome, bulkCreate } from './bulk-writer';

const DAY_MS = 86_400_000;

function day(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** The daily index of access-log statistics (per-minute route documents, samples, unparsed counts). */
export function accessLogIndexFor(prefix: string, epochMs: number): string {
  return `${prefix}-accesslogs-${day(epochMs)}`;
}

function indicesBetween(prefix: string, fromMs: number, toMs: number): string[] {
  const names: string[] = [];
  for (let t = Math.floor(fromMs / DAY_MS) * DAY_MS; t <= toMs; t += DAY_MS) names.push(accessLogIndexFor(prefix, t));
  return names;
}

function documentId(scope: TenantScope, batchId: string, ...parts: string[]): string {
  const hash = createHash('sha256').update(scope.tenantId).update('\0').update(scope.projectId).update('\0').update(batchId);
  for (const part of parts) hash.update('\0').update(part);
  return hash.digest('hex').slice(0, 40);
}

function statusClass(counts: Record<string, number>, digit: string): number {
  let n = 0;
  for (const [code, count] of Object.entries(counts)) if (code.startsWith(digit)) n += count;
  return n;
}

/**
 * The documents of one batch. Ids derive from the tenant, the agent-assigned batch id and the
 * entry's key, so a batch stored twice (agent resend, queue retry) is one set of documents.
 * Route minutes carry `source: "log"` and `layer: "uri"` so they sit beside trace-derived URI
 * figures, and their latency as the shared bucket counts.
 */
export function accessLogDocuments(prefix: string, scope: TenantScope, batch: AccessLogBatch): BulkDocument[] {
  const base = { tenant_id: scope.tenantId, project_id: scope.projectId, agent_id: batch.agentId, file: batch.file, batch_id: batch.batchId };
  const index = accessLogIndexFor(prefix, batch.minuteEpochMs);
  const documents: BulkDocument[] = batch.entries.map((e) => ({
    index,
    id: documentId(scope, batch.batchId, 'route', e.host, e.method, e.route),
    doc: {
      ...base,
      '@timestamp': batch.minuteEpochMs,
      kind: 'route_minute',
      source: 'log',
      layer: 'uri',
      host: e.host,
      method: e.method,
      route: e.route,
      count: e.count,
      errors: statusClass(e.statusCounts, '5'),
      status_2xx: statusClass(e.statusCounts, '2'),
      status_3xx: statusClass(e.statusCounts, '3'),
      status_4xx: statusClass(e.statusCounts, '4'),
      status_5xx: statusClass(e.statusCounts, '5'),
      status_counts: e.statusCounts,
      bytes: e.bytes,
      slow_count: e.slowCount,
      request_time_count: e.requestTime.count,
      request_time_sum_us: e.requestTime.sumUs,
      request_time_max_us: e.requestTime.maxUs,
      request_time_buckets: e.requestTime.buckets,
      upstream_time_count: e.upstreamTime.count,
      upstream_time_sum_us: e.upstreamTime.sumUs,
      upstream_time_max_us: e.upstreamTime.maxUs,
      upstream_time_buckets: e.upstreamTime.buckets,
    },
  }));
  batch.samples.forEach((s, i) => {
    documents.push({
      index: accessLogIndexFor(prefix, s.timeEpochMs),
      id: documentId(scope, batch.batchId, 'sample', String(i)),
      doc: {
        ...base,
        '@timestamp': s.timeEpochMs,
        kind: 'sample',
        source: 'log',
        reason: s.reason,
        host: s.host,
        method: s.method,
        route: s.route,
        path: s.path,
        status: s.status,
        bytes: s.bytes,
        request_time_us: s.requestTimeUs,
        upstream_time_us: s.upstreamTimeUs,
        trace_id: s.traceId,
        line: s.line,
      },
    });
  });
  if (batch.unparsed.count > 0) {
    documents.push({
      index,
      id: documentId(scope, batch.batchId, 'unparsed'),
      doc: { ...base, '@timestamp': batch.minuteEpochMs, kind: 'unparsed', source: 'log', count: batch.unparsed.count, unparsed_samples: batch.unparsed.samples },
    });
  }
  return documents;
}

/** One host + method + route over a time range, merged from its minute documents. */
export interface AccessLogRouteTotal {
  readonly host: string;
  readonly method: string;
  readonly route: string;
  readonly count: number;
  readonly statusCounts: Record<string, number>;
  readonly bytes: number;
  readonly slowCount: number;
  readonly requestTimeBuckets: LatencyBucketCounts;
  readonly upstreamTimeBuckets: LatencyBucketCounts;
}

/** Most route documents merged by `routeTotals` (a day of 1000 routes fits comfortably). */
const MAX_ROUTE_DOCUMENTS = 10_000;

/** Access-log statistics in daily `<prefix>-accesslogs-*` indices. Every read is tenant-scoped. */
export class AccessLogRepository {
  constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {}

  bulkCreate(scope: TenantScope, batch: AccessLogBatch): Promise<BulkWriteOutcome> {
    return bulkCreate(this.client, accessLogDocuments(this.prefix, scope, batch));
  }

  private filter(scope: TenantScope, kind: string, fromMs: number, toMs: number, host?: string): estypes.QueryDslQueryContainer[] {
    return [
      { term: { tenant_id: scope.tenantId } },
      { term: { project_id: scope.projectId } },
      { term: { kind } },
      { range: { '@timestamp': { gte: fromMs, lte: toMs } } },
      ...(host ? [{ term: { host } }] : []),
    ];
  }

  /**
   * Per-minute totals in [fromMs, toMs], oldest first; minutes without lines are absent. `host`
   * narrows the route counts; unparseable lines have no host and are always the project's.
   */
  async minuteTotals(scope: TenantScope, range: { fromMs: number; toMs: number; host?: string }): Promise<AccessLogMinuteTotal[]> {
    const response = await this.client.search({
      index: indicesBetween(this.prefix, range.fromMs, range.toMs),
      ignore_unavailable: true,
      allow_no_indices: true,
      size: 0,
      query: {
        bool: {
          filter: [
            { term: { tenant_id: scope.tenantId } },
            { term: { project_id: scope.projectId } },
            { range: { '@timestamp': { gte: range.fromMs, lte: range.toMs } } },
            // Unparseable lines have no host (they did not parse): they are counted per file, whatever the host filter.
            {
              bool: {
                should: [{ bool: { filter: [{ term: { kind: 'route_minute' } }, ...(range.host ? [{ term: { host: range.host } }] : [])] } }, { term: { kind: 'unparsed' } }],
                minimum_should_match: 1,
              },
            },
          ],
        },
      },
      aggs: {
        minutes: {
          terms: { field: '@timestamp', size: 10_000, order: { _key: 'asc' } },
          aggs: {
            routes: { filter: { term: { kind: 'route_minute' } }, aggs: { count: { sum: { field: 'count' } }, errors: { sum: { field: 'errors' } }, slow: { sum: { field: 'slow_count' } } } },
            unparsed: { filter: { term: { kind: 'unparsed' } }, aggs: { count: { sum: { field: 'count' } } } },
          },
        },
      },
    });
    type Bucket = { key: number; routes: { count: { value: number }; errors: { value: number }; slow: { value: number } }; unparsed: { count: { value: number } } };
    const buckets = (response.aggregations?.['minutes'] as { buckets: Bucket[] } | undefined)?.buckets ?? [];
    return buckets.map((b) => ({
      minuteEpochMs: Number(b.key),
      count: b.routes.count.value,
      errors: b.routes.errors.value,
      slowCount: b.routes.slow.value,
      unparsed: b.unparsed.count.value,
    }));
  }

  /** Every host + method + route in the range with counts and latency buckets summed over its minutes. */
  async routeTotals(scope: TenantScope, range: { fromMs: number; toMs: number; host?: string }): Promise<AccessLogRouteTotal[]> {
    const response = await this.client.search<Record<string, unknown>>({
      index: indicesBetween(this.prefix, range.fromMs, range.toMs),
      ignore_unavailable: true,
      allow_no_indices: true,
      size: MAX_ROUTE_DOCUMENTS,
      track_total_hits: false,
      query: { bool: { filter: this.filter(scope, 'route_minute', range.fromMs, range.toMs, range.host) } },
    });
    const totals = new Map<string, { host: string; method: string; route: string; count: number; statusCounts: Record<string, number>; bytes: number; slowCount: number; requestTimeBuckets: LatencyBucketCounts; upstreamTimeBuckets: LatencyBucketCounts }>();
    for (const hit of response.hits.hits) {
      const d = hit._source;
      if (!d) continue;
      const key = `${String(d['host'])}\0${String(d['method'])}\0${String(d['route'])}`;
      let total = totals.get(key);
      if (!total) {
        total = { host: String(d['host']), method: String(d['method']), route: String(d['route']), count: 0, statusCounts: {}, bytes: 0, slowCount: 0, requestTimeBuckets: {}, upstreamTimeBuckets: {} };
        totals.set(key, total);
      }
      total.count += Number(d['count'] ?? 0);
      total.bytes += Number(d['bytes'] ?? 0);
      total.slowCount += Number(d['slow_count'] ?? 0);
      for (const [code, n] of Object.entries((d['status_counts'] as Record<string, number>) ?? {})) total.statusCounts[code] = (total.statusCounts[code] ?? 0) + n;
      mergeLatencyBuckets(total.requestTimeBuckets, (d['request_time_buckets'] as LatencyBucketCounts) ?? {});
      mergeLatencyBuckets(total.upstreamTimeBuckets, (d['upstream_time_buckets'] as LatencyBucketCounts) ?? {});
    }
    return [...totals.values()].sort((a, b) => b.count - a.count);
  }

  /** Sampled slow and 5xx lines in the range, newest first. */
  async samples(scope: TenantScope, range: { fromMs: number; toMs: number; limit: number; host?: string }): Promise<AccessLogSampleView[]> {
    if (range.limit <= 0) return [];
    const response = await this.client.search<Record<string, unknown>>({
      index: indicesBetween(this.prefix, range.fromMs, range.toMs),
      ignore_unavailable: true,
      allow_no_indices: true,
      size: Math.min(range.limit, 1000),
      track_total_hits: false,
      query: { bool: { filter: this.filter(scope, 'sample', range.fromMs, range.toMs, range.host) } },
      sort: [{ '@timestamp': 'desc' }],
    });
    return response.hits.hits.flatMap((hit) => {
      const d = hit._source;
      if (!d) return [];
      return [{
        timeEpochMs: Number(d['@timestamp']),
        reason: String(d['reason']),
        host: String(d['host']),
        method: String(d['method']),
        route: String(d['route']),
        path: String(d['path']),
        status: Number(d['status']),
        requestTimeUs: (d['request_time_us'] as number | null) ?? null,
        traceId: (d['trace_id'] as string | null) ?? null,
        line: String(d['line'] ?? ''),
      }];
    });
  }
}
