import type { SpanDelta } from '@linkscope/trace-analysis';

/** Matched spans whose duration changed, grouped by the operation they perform. */
export interface SpanDeltaGroup {
  readonly serviceName: string;
  readonly operation: string;
  /** How many matched spans of the operation changed this way. */
  readonly count: number;
  /** Sum of their changes (other − base), nanoseconds; positive is slower. */
  readonly totalDeltaNs: number;
  /** Their spans, largest change first (as the api orders them). */
  readonly spans: readonly SpanDelta[];
}

/**
 * Groups the slower (or faster) spans of a comparison by service and operation, the group with the
 * largest total change first (ties by service, then operation), spans inside in the api's order.
 */
export function groupSpanDeltas(deltas: readonly SpanDelta[]): SpanDeltaGroup[] {
  const groups = new Map<string, { serviceName: string; operation: string; count: number; totalDeltaNs: number; spans: SpanDelta[] }>();
  for (const delta of deltas) {
    const key = `${delta.serviceName}\u0000${delta.operation}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { serviceName: delta.serviceName, operation: delta.operation, count: 0, totalDeltaNs: 0, spans: [] }));
    group.count++;
    group.totalDeltaNs += delta.deltaNs;
    group.spans.push(delta);
  }
  return [...groups.values()].sort(
    (a, b) => Math.abs(b.totalDeltaNs) - Math.abs(a.totalDeltaNs) || a.serviceName.localeCompare(b.serviceName) || a.operation.localeCompare(b.operation),
  );
}
