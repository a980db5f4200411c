import { createHash } from 'node:crypto';
import type { Client, estypes } from '@elastic/elasticsearch';
import type { DurationNs, SpanRecord, TenantScope, TraceSearchExpr, TraceSearchHit, TraceSearchSort } from '@linkscope/domain';
import { dailyIndexFor } from './index-names';
import { type TraceSummaryDocument, mergeTraceSummary, partialSummary, traceSummaryId } from './trace-summary-document';
import { searchExprToQuery } from './trace-search-query';

const DAY_MS = 86_400_000;
const MAX_MERGE_ATTEMPTS = 6;
const PIT_KEEP_ALIVE = '2m';
const MAX_CURSOR_LENGTH = 4_096;

export interface TraceSearchQuery {
  readonly fromMs: number;
  readonly toMs: number;
  readonly where: TraceSearchExpr | null;
  readonly sort: TraceSearchSort;
  readonly limit: number;
  /** From a previous page's `nextCursor`, with the same query. */
  readonly cursor?: string;
}

/** A failure the caller caused with its cursor: malformed, made for another query, or expired. */
export class TraceCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor(message: string) {
    super(message);
    this.name = 'TraceCursorError';
  }
}

/** A summary merge whose read has started; `write()` merges and writes (and retries conflicts). */
export interface PreparedSummaryMerge {
  write(): Promise<{ merged: number }>;
}

interface Cursor {
  /** Digest of the query the cursor belongs to. */
  readonly q: string;
  readonly after: estypes.SortResults;
  readonly pit: string | null;
}

export function traceSummaryIndicesBetween(prefix: string, fromMs: number, toMs: number): string[] {
  const names: string[] = [];
  for (let t = Math.floor(fromMs / DAY_MS) * DAY_MS; t <= toMs; t += DAY_MS) names.push(traceSummaryIndexFor(prefix, t));
  return names;
}

export function traceSummaryIndexFor(prefix: string, epochMs: number): string {
  return dailyIndexFor(prefix, 'traces', epochMs);
}

function scopeFilter(scope: TenantScope): estypes.QueryDslQueryContainer[] {
  return [{ term: { tenant_id: scope.tenantId } }, { term: { project_id: scope.projectId } }];
}

const SORT_FIELD: Record<TraceSearchSort, ['@timestamp' | 'duration_ns', 'asc' | 'desc']> = {
  newest: ['@timestamp', 'desc'],
  oldest: ['@timestamp', 'asc'],
  slowest: ['duration_ns', 'desc'],
  fastest: ['duration_ns', 'asc'],
};

function toHit(doc: TraceSummaryDocument): TraceSearchHit {
  return {
    traceId: doc.trace_id,
    rootServiceName: doc.root_service ?? '',
    rootOperation: doc.root_name ?? '',
    rootRoute: doc.root_route ?? '',
    startEpochMs: doc['@timestamp'],
    durationNs: doc.duration_ns as DurationNs,
    spanCount: doc.span_count,
    errorCount: doc.error_count,
    serviceNames: doc.services,
  };
}

/**
 * Per-trace summaries: written by the worker with every span batch, read by trace search and by
 * trace lookup. Every method takes the tenant scope and filters by it itself.
 */
export class TraceSummaryRepository {
  constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {}

  /**
   * Merges what a batch of spans says about their traces into the summaries, with optimistic
   * concurrency: read (mget), merge in memory, write back conditional on the sequence number read
   * (or create). A conflict (another worker merged the same trace meanwhile) re-reads and retries
   * just those traces. Idempotent, so a retried batch changes nothing. Throws when Elasticsearch
   * cannot be reached or conflicts persist; the caller retries the batch.
   */
  mergeSpans(scope: TenantScope, spans: readonly SpanRecord[]): Promise<{ merged: number }> {
    return this.prepareMerge(scope, spans).write();
  }

  /**
   * `mergeSpans` in two steps, so the read can overlap other work: the stored summaries are
   * fetched at once, and nothing is written until `write()` is called (the worker calls it only
   * once the batch's spans are safe). Reading early is as safe as reading late: every write is
   * conditional on the sequence number read (or is a create), so a summary changed in between is
   * a conflict, read again and merged again. An abandoned merge writes nothing; its read's
   * failure is dropped.
   */
  prepareMerge(scope: TenantScope, spans: readonly SpanRecord[]): PreparedSummaryMerge {
    const byTrace = new Map<string, SpanRecord[]>();
    for (const span of spans) {
      let list = byTrace.get(span.traceId);
      if (!list) byTrace.set(span.traceId, (list = []));
      list.push(span);
    }
    const partials = [...byTrace].map(([traceId, list]) => partialSummary(scope, traceId, list));
    const firstRead = this.read(scope, partials);
    firstRead.catch(() => undefined);
    return {
      write: async () => {
        let pending = await this.writeMerged(scope, partials, await firstRead);
        for (let attempt = 1; pending.length > 0; attempt++) {
          if (attempt >= MAX_MERGE_ATTEMPTS) throw new Error(`trace summaries still conflicting after ${MAX_MERGE_ATTEMPTS} attempts (${pending.length} traces)`);
          pending = await this.writeMerged(scope, pending, await this.read(scope, pending));
        }
        return { merged: byTrace.size };
      },
    };
  }

  /** The stored summaries of the partials' traces: three docs per partial, in order. */
  private async read(scope: TenantScope, partials: readonly TraceSummaryDocument[]): Promise<estypes.MgetResponse<TraceSummaryDocument>['docs']> {
    // A summary lives in the daily index of the first start seen; a later batch may start up to a
    // day earlier or later (across midnight), so each trace is looked up in three indices.
    const docs: { _index: string; _id: string }[] = [];
    for (const partial of partials) {
      const id = traceSummaryId(scope, partial.trace_id);
      for (const offset of [0, -DAY_MS, DAY_MS]) docs.push({ _index: traceSummaryIndexFor(this.prefix, partial['@timestamp'] + offset), _id: id });
    }
    return (await this.client.mget<TraceSummaryDocument>({ docs, _source: true })).docs;
  }

  /** One merge-and-write round over what `read` returned; returns the partials whose write conflicted. */
  private async writeMerged(scope: TenantScope, partials: readonly TraceSummaryDocument[], found: estypes.MgetResponse<TraceSummaryDocument>['docs']): Promise<TraceSummaryDocument[]> {
    const operations: object[] = [];
    partials.forEach((partial, k) => {
      let stored: estypes.GetGetResult<TraceSummaryDocument> | null = null;
      for (let j = 0; j < 3; j++) {
        const item = found[k * 3 + j] as estypes.GetGetResult<TraceSummaryDocument> & { error?: unknown };
        if (!item.error && item.found && item._source) {
          stored = item;
          break;
        }
      }
      const id = traceSummaryId(scope, partial.trace_id);
      if (!stored) {
        operations.push({ create: { _index: traceSummaryIndexFor(this.prefix, partial['@timestamp']), _id: id } }, partial);
        return;
      }
      const merged = mergeTraceSummary(stored._source!, partial);
      if (JSON.stringify(merged) === JSON.stringify(stored._source)) return;
      operations.push({ index: { _index: stored._index, _id: id, if_seq_no: stored._seq_no, if_primary_term: stored._primary_term } }, merged);
    });
    if (operations.length === 0) return [];
    const response = await this.client.bulk({ operations, refresh: false });
    const conflicts: TraceSummaryDocument[] = [];
    const byId = new Map(partials.map((p) => [traceSummaryId(scope, p.trace_id), p]));
    for (const item of response.items) {
      const result = item.create ?? item.index;
      if (!result || result.status < 300) continue;
      const partial = byId.get(result._id ?? '');
      if (result.status === 409 && partial) conflicts.push(partial);
      else throw new Error(`trace summary not written: ${result.status} ${result.error?.type ?? ''} ${result.error?.reason ?? ''}`);
    }
    return conflicts;
  }

  /**
   * One page of traces matching `where` whose start lies in [fromMs, toMs], in the requested
   * order. The first page is a plain search; asking for the next page opens a point in time, so
   * that deep pagination sees one consistent snapshot (`search_after` on the sort value and the
   * trace id). No aggregation: summaries are one document per trace.
   */
  async search(scope: TenantScope, query: TraceSearchQuery): Promise<{ traces: TraceSearchHit[]; nextCursor: string | null }> {
    const digest = createHash('sha256')
      .update(JSON.stringify([scope.tenantId, scope.projectId, query.fromMs, query.toMs, query.sort, query.where]))
      .digest('base64url')
      .slice(0, 22);
    const cursor = query.cursor !== undefined ? decodeCursor(query.cursor, digest) : null;
    const [field, order] = SORT_FIELD[query.sort];
    const index = traceSummaryIndicesBetween(this.prefix, query.fromMs - DAY_MS, query.toMs + DAY_MS);
    const filter: estypes.QueryDslQueryContainer[] = [...scopeFilter(scope), { range: { '@timestamp': { gte: query.fromMs, lte: query.toMs } } }];
    if (query.where) filter.push(searchExprToQuery(query.where));

    let pit = cursor?.pit ?? null;
    if (cursor && !pit) {
      const opened = await this.client.openPointInTime({ index, keep_alive: PIT_KEEP_ALIVE, ignore_unavailable: true });
      pit = opened.id;
    }
    let response: estypes.SearchResponse<TraceSummaryDocument>;
    try {
      response = await this.client.search<TraceSummaryDocument>({
        ...(pit ? { pit: { id: pit, keep_alive: PIT_KEEP_ALIVE } } : { index, ignore_unavailable: true, allow_no_indices: true }),
        size: query.limit,
        track_total_hits: false,
        query: { bool: { filter } },
        sort: [{ [field]: { order } }, { trace_id: { order } }],
        _source: { excludes: ['attr_kv', 'attr_keys', 'operations', 'batches', 'routes', 'http_statuses', 'error_services'] },
        ...(cursor ? { search_after: cursor.after } : {}),
      });
    } catch (error) {
      const type = (error as { body?: { error?: { type?: string; caused_by?: { type?: string } } } }).body?.error;
      if (pit && (type?.type === 'search_context_missing_exception' || type?.caused_by?.type === 'search_context_missing_exception' || (error as { statusCode?: number }).statusCode === 404)) {
        throw new TraceCursorError('the cursor has expired (a point in time lives 2 minutes between pages): start the search again');
      }
      throw error;
    }
    const hits = response.hits.hits;
    const traces = hits.flatMap((hit) => (hit._source ? [toHit(hit._source)] : []));
    const last = hits.at(-1);
    if (hits.length < query.limit || !last?.sort) {
      if (pit) void this.client.closePointInTime({ id: pit }).catch(() => undefined);
      return { traces, nextCursor: null };
    }
    const next: Cursor = { q: digest, after: last.sort, pit: response.pit_id ?? pit };
    return { traces, nextCursor: Buffer.from(JSON.stringify(next)).toString('base64url') };
  }

  /**
   * Where a trace lies in time, from its summary: the window to search its spans in. Looks only
   * at the summary indices of the lookback window (small documents, one per trace). Null when unknown.
   */
  async findTraceWindow(scope: TenantScope, traceId: string, fromMs: number, toMs: number): Promise<{ startMs: number; endMs: number } | null> {
    const response = await this.client.search<TraceSummaryDocument>({
      index: traceSummaryIndicesBetween(this.prefix, fromMs, toMs),
      ignore_unavailable: true,
      allow_no_indices: true,
      size: 1,
      track_total_hits: false,
      query: { bool: { filter: [...scopeFilter(scope), { term: { trace_id: traceId } }] } },
      _source: ['start_ns', 'end_ns'],
    });
    const doc = response.hits.hits[0]?._source;
    if (!doc) return null;
    return { startMs: Number(BigInt(doc.start_ns) / 1_000_000n), endMs: Number(BigInt(doc.end_ns) / 1_000_000n) };
  }
}

function decodeCursor(text: string, digest: string): Cursor {
  if (text.length > MAX_CURSOR_LENGTH) throw new TraceCursorError('the cursor is too long');
  let cursor: Cursor;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
  } catch {
    throw new TraceCursorError('the cursor is not one this api issued');
  }
  if (typeof cursor !== 'object' || cursor === null || typeof cursor.q !== 'string' || !Array.isArray(cursor.after) || cursor.after.length !== 2 || (cursor.pit !== null && typeof cursor.pit !== 'string')) {
    throw new TraceCursorError('the cursor is not one this api issued');
  }
  if (cursor.q !== digest) throw new TraceCursorError('the cursor belongs to another query: pass the same query, window and sort as the first page');
  return cursor;
}
