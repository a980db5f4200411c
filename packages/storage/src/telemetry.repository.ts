import type { Client, estypes } from '@elastic/elasticsearch';
import type { LogRecord, MetricPointRecord, TenantScope } from '@linkscope/domain';
import { type BulkWriteOutcome, bulkCreate } from './bulk-writer';
import { dailyIndexFor } from './index-names';

const DAY_MS = 86_400_000;

function scopeFilter(scope: TenantScope): estypes.QueryDslQueryContainer[] {
  return [{ term: { tenant_id: scope.tenantId } }, { term: { project_id: scope.projectId } }];
}

function dailyIndices(prefix: string, signal: 'metrics' | 'logs', fromMs: number, toMs: number): string[] {
  const names: string[] = [];
  for (let t = Math.floor(fromMs / DAY_MS) * DAY_MS; t <= toMs; t += DAY_MS) names.push(dailyIndexFor(prefix, signal, t));
  return names;
}

/** A stored metric point as read back (the flat fields; histograms and summaries as stored). */
export interface StoredMetricPoint {
  readonly name: string;
  readonly kind: string;
  readonly unit: string;
  readonly serviceName: string;
  readonly hostName: string;
  readonly timeEpochMs: number;
  readonly value: number | null;
  readonly count: number | null;
  readonly sum: number | null;
  readonly attributes: Record<string, unknown>;
}

/** A stored log record as read back. */
export interface StoredLogRecord {
  readonly timeEpochNs: string;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: string;
  readonly serviceName: string;
  readonly traceId: string | null;
  readonly spanId: string | null;
  readonly attributes: Record<string, unknown>;
}
import { logDocumentId, metricDocumentId, toLogDocument, toMetricDocument } from './telemetry-documents';

/** Metric data points in daily `<prefix>-metrics-*` indices. */
export class MetricRepository {
  constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {}

  /** Stores points once each (id = series + time). */
  bulkCreate(scope: TenantScope, points: readonly MetricPointRecord[]): Promise<BulkWriteOutcome> {
    return bulkCreate(
      this.client,
      points.map((point) => {
        const doc = toMetricDocument(scope, point) as { '@timestamp': number };
        return { index: dailyIndexFor(this.prefix, 'metrics', doc['@timestamp']), id: metricDocumentId(scope, point), doc };
      }),
    );
  }

  /** The newest points of one metric within the window, newest first, tenant-scoped. */
  async listRecent(scope: TenantScope, query: { name: string; nowMs: number; lookbackMinutes: number; limit: number }): Promise<StoredMetricPoint[]> {
    const fromMs = query.nowMs - query.lookbackMinutes * 60_000;
    const response = await this.client.search<Record<string, unknown>>({
      index: dailyIndices(this.prefix, 'metrics', fromMs, query.nowMs),
      ignore_unavailable: true,
      allow_no_indices: true,
      size: query.limit,
      track_total_hits: false,
      query: { bool: { filter: [...scopeFilter(scope), { term: { name: query.name } }, { range: { '@timestamp': { gte: fromMs, lte: query.nowMs } } }] } },
      sort: [{ '@timestamp': 'desc' }],
    });
    return response.hits.hits.flatMap((hit) => {
      const d = hit._source;
      if (!d) return [];
      return [{
        name: String(d['name']),
        kind: String(d['kind']),
        unit: String(d['unit'] ?? ''),
        serviceName: String(d['service_name']),
        hostName: String(d['host_name'] ?? ''),
        timeEpochMs: Number(d['@timestamp']),
        value: (d['value'] as number | null) ?? null,
        count: (d['hist_count'] as number | null) ?? null,
        sum: (d['hist_sum'] as number | null) ?? null,
        attributes: (d['attributes'] as Record<string, unknown>) ?? {},
      }];
    });
  }
}

/** Log records in daily `<prefix>-logs-*` indices, correlated to traces by trace_id. */
export class LogRepository {
  constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {}

  /** Stores records once each (id = content + times). */
  bulkCreate(scope: TenantScope, records: readonly LogRecord[]): Promise<BulkWriteOutcome> {
    return bulkCreate(
      this.client,
      records.map((record) => {
        const doc = toLogDocument(scope, record) as { '@timestamp': number };
        return { index: dailyIndexFor(this.prefix, 'logs', doc['@timestamp']), id: logDocumentId(scope, record), doc };
      }),
    );
  }

  /** The log records of one trace, oldest first, searched only in the daily indices around the hint. */
  async listForTrace(scope: TenantScope, traceId: string, lookup: { aroundEpochMs: number; limit: number }): Promise<StoredLogRecord[]> {
    const response = await this.client.search<Record<string, unknown>>({
      index: dailyIndices(this.prefix, 'logs', lookup.aroundEpochMs - DAY_MS, lookup.aroundEpochMs + DAY_MS),
      ignore_unavailable: true,
      allow_no_indices: true,
      size: lookup.limit,
      track_total_hits: false,
      query: { bool: { filter: [...scopeFilter(scope), { term: { trace_id: traceId } }] } },
      sort: [{ '@timestamp': 'asc' }],
    });
    return response.hits.hits.flatMap((hit) => {
      const d = hit._source;
      if (!d) return [];
      return [{
        timeEpochNs: String(d['time_ns']),
        severityNumber: Number(d['severity_number'] ?? 0),
        severityText: String(d['severity_text'] ?? ''),
        body: String(d['body'] ?? ''),
        serviceName: String(d['service_name']),
        traceId: (d['trace_id'] as string | null) ?? null,
        spanId: (d['span_id'] as string | null) ?? null,
        attributes: (d['attributes'] as Record<string, unknown>) ?? {},
      }];
    });
  }
}
