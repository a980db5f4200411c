import type { TraceDetailResponse, TraceListResponse, TraceSearchResponse } from '@linkscope/domain';
import type { AggregateAnalysis, TraceComparison } from '@linkscope/trace-analysis';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getJson } from './api-client';

/** How often the trace list asks for new traces. */
export const TRACE_LIST_REFRESH_MS = 5_000;
/** Traces per list request; the api allows up to 200. */
export const TRACE_LIST_LIMIT = 50;
/** A trace may still be receiving late spans for a while, so it is not cached forever. */
const TRACE_STALE_MS = 30_000;

export interface TraceListFilter {
  readonly lookbackMinutes: number;
  /** Exact service name; undefined lists every service. */
  readonly service: string | undefined;
}

export const traceQueryKeys = {
  list: (filter: TraceListFilter) => ['traces', 'list', filter] as const,
  detail: (traceId: string, startEpochMs: number | undefined) => ['traces', 'detail', traceId, startEpochMs] as const,
  logs: (traceId: string, startEpochMs: number) => ['traces', 'logs', traceId, startEpochMs] as const,
  search: (filter: TraceSearchFilter) => ['traces', 'search', filter] as const,
  aggregate: (filter: TraceAggregateFilter) => ['traces', 'aggregate', filter] as const,
  compare: (baseTraceId: string, otherTraceId: string, otherStartEpochMs: number | undefined) => ['traces', 'compare', baseTraceId, otherTraceId, otherStartEpochMs] as const,
};

export interface TraceSearchFilter {
  readonly q: string;
  readonly lookbackMinutes: number;
  readonly sort: string;
}

/**
 * Trace search (GET /api/v1/traces/search): pages of `TRACE_LIST_LIMIT` traces; the next page
 * follows the api's cursor (search_after in a point in time), so paging stays consistent.
 */
export function useTraceSearch(filter: TraceSearchFilter) {
  return useInfiniteQuery({
    queryKey: traceQueryKeys.search(filter),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ signal, pageParam }) =>
      getJson<TraceSearchResponse>('/api/v1/traces/search', { q: filter.q, lookbackMinutes: filter.lookbackMinutes, sort: filter.sort, limit: TRACE_LIST_LIMIT, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: TRACE_STALE_MS,
    retry: (count, error) => !(error instanceof Error && 'status' in error && (error as { status: number }).status === 400) && count < 2,
  });
}

export interface TraceAggregateFilter {
  readonly service: string;
  readonly route: string | undefined;
  readonly operation: string | undefined;
  readonly lookbackMinutes: number;
}

export interface TraceAggregateResponse extends AggregateAnalysis {
  readonly service: string;
  readonly route: string | null;
  readonly operation: string | null;
  readonly fromMs: number;
  readonly toMs: number;
}

/** What makes one URI slow: GET /api/v1/traces/aggregate over the newest sampled traces of the window. */
export function useTraceAggregate(filter: TraceAggregateFilter, enabled = true) {
  return useQuery({
    enabled,
    queryKey: traceQueryKeys.aggregate(filter),
    queryFn: ({ signal }) => getJson<TraceAggregateResponse>('/api/v1/traces/aggregate', { ...filter }, signal),
    staleTime: TRACE_STALE_MS,
  });
}

/** Log records correlated with a trace, as GET /api/v1/traces/:id/logs answers. */
export interface TraceLogsResponse {
  readonly logs: readonly {
    readonly timeEpochNs: string;
    readonly severityText: string;
    readonly severityNumber: number;
    readonly body: string;
    readonly serviceName: string;
    readonly spanId: string | null;
  }[];
}

/** The logs of one trace, searched in the daily log indices around its start. */
export function useTraceLogs(traceId: string, startEpochMs: number) {
  return useQuery({
    queryKey: traceQueryKeys.logs(traceId, startEpochMs),
    queryFn: ({ signal }) => getJson<TraceLogsResponse>(`/api/v1/traces/${encodeURIComponent(traceId)}/logs`, { startEpochMs }, signal),
    staleTime: TRACE_STALE_MS,
  });
}

/**
 * Recent traces, newest first, refreshed every `TRACE_LIST_REFRESH_MS`. While a new filter loads,
 * the previous result stays on screen (`isPlaceholderData` is true) instead of a blank table.
 */
export function useTraceList(filter: TraceListFilter, enabled = true) {
  return useQuery({
    enabled,
    queryKey: traceQueryKeys.list(filter),
    queryFn: ({ signal }) =>
      getJson<TraceListResponse>(
        '/api/v1/traces',
        { lookbackMinutes: filter.lookbackMinutes, limit: TRACE_LIST_LIMIT, service: filter.service },
        signal,
      ),
    refetchInterval: TRACE_LIST_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/**
 * One trace with all its spans. `startEpochMs`, when known (the list passes it along), lets the
 * api look in the right daily indices instead of the whole retention window.
 */
export function useTrace(traceId: string, startEpochMs: number | undefined) {
  return useQuery({
    queryKey: traceQueryKeys.detail(traceId, startEpochMs),
    queryFn: ({ signal }) =>
      getJson<TraceDetailResponse>(`/api/v1/traces/${encodeURIComponent(traceId)}`, { startEpochMs }, signal),
    staleTime: TRACE_STALE_MS,
  });
}

/** GET /api/v1/traces/compare: what changed from `base` to `other`. */
export interface TraceComparisonResponse extends TraceComparison {
  readonly baseTraceId: string;
  readonly otherTraceId: string;
}

/**
 * Compares the open trace (`other`, with its start as a lookup hint) against `base`, the trace a
 * person named; disabled until there is one. A 404 (no such trace) is not retried.
 */
export function useTraceComparison(baseTraceId: string | undefined, otherTraceId: string, otherStartEpochMs: number | undefined) {
  return useQuery({
    enabled: baseTraceId !== undefined,
    queryKey: traceQueryKeys.compare(baseTraceId ?? '', otherTraceId, otherStartEpochMs),
    queryFn: ({ signal }) =>
      getJson<TraceComparisonResponse>('/api/v1/traces/compare', { base: baseTraceId, other: otherTraceId, otherStartEpochMs }, signal),
    staleTime: TRACE_STALE_MS,
    retry: (count, error) => !(error instanceof Error && 'status' in error && [400, 404].includes((error as { status: number }).status)) && count < 2,
  });
}
