/** The call patterns the analysis recognises. */
export const FINDING_KINDS = ['n-plus-one', 'serial-calls', 'fan-out', 'retries', 'service-cycle', 'excessive-depth'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/**
 * One irrational call pattern in one trace.
 * - `n-plus-one`: the same call (same signature) repeated `callCount` times under one parent;
 *   cost = wall-clock time of the repeats minus the longest one (what one batched call would save).
 * - `serial-calls`: back-to-back sibling calls to different operations, none overlapping;
 *   cost = their summed time minus the longest (what running them in parallel would save).
 * - `fan-out`: a parent making `callCount` direct downstream calls; cost = wall-clock time they cover.
 * - `retries`: a failed call followed by the same call; cost = from the first attempt's start to the last attempt's start.
 * - `service-cycle`: a call path that leaves a service and comes back to it (A → B → A);
 *   cost = time spent in the re-entering spans.
 * - `excessive-depth`: a call path nested deeper than the limit; cost = time spent below the limit.
 */
export interface Finding {
  readonly kind: FindingKind;
  /**
   * The same pattern in another trace has the same key (no ids, no literals): kind, where it
   * happens (parent service and operation) and what is called. Aggregates count findings by it.
   */
  readonly key: string;
  /** The parent span under which the pattern happens; null for path patterns. */
  readonly parentSpanId: string | null;
  readonly serviceName: string;
  /** The parent's operation, or the path for `service-cycle` (`A → B → A`) and `excessive-depth`. */
  readonly operation: string;
  /** What is called (the normalised call signature), when the pattern is about one call. */
  readonly signature: string | null;
  /** The spans the finding is about, in time order; at most the configured bound (see `spanCount`). */
  readonly spanIds: readonly string[];
  /** How many spans are involved in total. */
  readonly spanCount: number;
  /** Calls, attempts, distinct serial calls, or path depth, by kind. */
  readonly callCount: number;
  /** Estimated time the pattern costs, in nanoseconds (see each kind). */
  readonly costNs: number;
}
