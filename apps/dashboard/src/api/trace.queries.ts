import type { TraceDetailResponse, TraceListResponse } from '@linkscope/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
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
};

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
export function useTraceList(filter: TraceListFilter) {
  return useQuery({
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
