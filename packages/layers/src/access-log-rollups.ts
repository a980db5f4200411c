import type { AccessLogBatch, RollupRecord } from '@linkscope/domain';
import { MAX_STATUS_CODES } from './span-rollups';

/** Status counts capped as the span rollups cap them: the biggest codes kept, the rest under `other`. */
function capStatusCounts(counts: Readonly<Record<string, number>>): Record<string, number> {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length <= MAX_STATUS_CODES) return Object.fromEntries(entries);
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const kept = Object.fromEntries(entries.slice(0, MAX_STATUS_CODES - 1));
  kept['other'] = entries.slice(MAX_STATUS_CODES - 1).reduce((n, [, c]) => n + c, 0);
  return kept;
}

/**
 * The URI-layer rollups of one access-log batch (one closed minute of one followed file), marked
 * `source: "log"`: one per host + method + route, the host standing in for the service (run the
 * agent with `host` set to the service name to line the rows up with the trace-derived ones).
 * Errors are 5xx answers, as for server spans; latency is `$request_time` in the shared buckets
 * (lines without a request time are counted but not timed). A pure function of the batch, so a
 * batch stored twice yields the same rollups (and, with the batch id, the same documents).
 */
export function buildAccessLogRollups(batch: AccessLogBatch): RollupRecord[] {
  return batch.entries.map((entry) => {
    let errors = 0;
    for (const [code, n] of Object.entries(entry.statusCounts)) if (code.startsWith('5')) errors += n;
    return {
      layer: 'uri',
      source: 'log',
      dims: { service: entry.host, method: entry.method, route: entry.route },
      minuteEpochMs: batch.minuteEpochMs,
      count: entry.count,
      errors,
      statusCounts: capStatusCounts(entry.statusCounts),
      latencySumUs: entry.requestTime.sumUs,
      latencyMaxUs: entry.requestTime.maxUs,
      latencyBuckets: Object.fromEntries(Object.entries(entry.requestTime.buckets).map(([b, n]) => [Number(b), n])),
    };
  });
}
