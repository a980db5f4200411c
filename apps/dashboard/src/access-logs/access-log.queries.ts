import type { AccessLogSummaryResponse } from '@linkscope/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from '../api/api-client';

/** Access-log minutes are shipped once closed; refreshing faster than the layer pages gains nothing. */
const ACCESS_LOG_REFRESH_MS = 30_000;

/** Per-minute totals, unparseable lines and the newest slow / 5xx samples of the access logs in a window. */
export function useAccessLogSummary(w: { fromMs: number; toMs: number }, host?: string) {
  return useQuery({
    queryKey: ['access-logs', 'summary', w, host ?? null] as const,
    queryFn: ({ signal }) => getJson<AccessLogSummaryResponse>('/api/v1/access-logs/summary', { fromMs: w.fromMs, toMs: w.toMs, samples: 50, ...(host ? { host } : {}) }, signal),
    refetchInterval: ACCESS_LOG_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
