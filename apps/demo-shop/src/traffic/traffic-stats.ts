/** Counters of one summary window (or of the whole run). */
export interface TrafficCounts {
  sent: number;
  ok: number;
  notFound: number;
  serverErrors: number;
  otherStatus: number;
  /** Connection refused, reset, timed out: the gateway gave no HTTP answer. */
  networkErrors: number;
  /** Ticks skipped because `maxInFlight` requests were still open. */
  skipped: number;
  /** Sum and maximum of answered requests' latency, in milliseconds. */
  latencySumMs: number;
  latencyMaxMs: number;
}

/** Outcome of one request as the stats count it. */
export type RequestOutcome = { status: number; latencyMs: number; skipped?: true } | { networkError: true };

export function emptyCounts(): TrafficCounts {
  return { sent: 0, ok: 0, notFound: 0, serverErrors: 0, otherStatus: 0, networkErrors: 0, skipped: 0, latencySumMs: 0, latencyMaxMs: 0 };
}

/** Adds one finished request to `counts`. */
export function countOutcome(counts: TrafficCounts, outcome: RequestOutcome): void {
  if ('networkError' in outcome) {
    counts.networkErrors += 1;
    return;
  }
  // A step that could not be sent (a payment without an order): the tick was not used.
  if (outcome.skipped === true) {
    counts.sent -= 1;
    counts.skipped += 1;
    return;
  }
  if (outcome.status >= 200 && outcome.status < 300) counts.ok += 1;
  else if (outcome.status === 404) counts.notFound += 1;
  else if (outcome.status >= 500) counts.serverErrors += 1;
  else counts.otherStatus += 1;
  counts.latencySumMs += outcome.latencyMs;
  counts.latencyMaxMs = Math.max(counts.latencyMaxMs, outcome.latencyMs);
}

/** The fields of a summary log line: counts plus mean latency, rounded to whole milliseconds. */
export function summarise(counts: TrafficCounts): Record<string, number> {
  const answered = counts.ok + counts.notFound + counts.serverErrors + counts.otherStatus;
  const { latencySumMs, ...rest } = counts;
  return {
    ...rest,
    latencyMeanMs: answered === 0 ? 0 : Math.round(latencySumMs / answered),
    latencyMaxMs: Math.round(counts.latencyMaxMs),
  };
}
