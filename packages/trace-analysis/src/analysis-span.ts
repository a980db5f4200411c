/**
 * What the analysis reads of a span. The domain's `SpanView` satisfies it structurally, so the
 * api, the dashboard and the benchmarks pass their spans as they are.
 */
export interface AnalysisSpan {
  readonly spanId: string;
  /** Null for a root; a parent id not present in the input makes the span an orphan. */
  readonly parentSpanId: string | null;
  readonly name: string;
  /** `server`, `client`, `producer`, `consumer` or `internal` (lower-case, as stored). */
  readonly kind: string;
  readonly serviceName: string;
  /** Nanoseconds since the epoch as a decimal string (exact; the value exceeds 2^53). */
  readonly startEpochNs: string;
  /** Nanoseconds; negative or non-finite values are read as 0. */
  readonly durationNs: number;
  /** `unset`, `ok` or `error`. */
  readonly statusCode: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Thresholds of the call-pattern detectors. Every field has a default (`DEFAULT_ANALYSIS_OPTIONS`). */
export interface AnalysisOptions {
  /** The same call repeated at least this many times under one parent is an N+1. */
  readonly nPlusOneMinCalls: number;
  /** A parent with at least this many direct downstream calls is a fan-out. */
  readonly fanOutMinCalls: number;
  /** Sequential sibling calls are reported when running them in parallel would save at least this much. */
  readonly serialMinSavingNs: number;
  /**
   * Two sequential calls count as back to back (no work between them that could be a data
   * dependency) when the gap is at most this, or at most `serialMaxGapRatio` of the shorter call.
   */
  readonly serialMaxGapNs: number;
  readonly serialMaxGapRatio: number;
  /** Span nesting deeper than this is excessive. */
  readonly maxSpanDepth: number;
  /** More service-to-service hops than this on one path is excessive. */
  readonly maxServiceHops: number;
  /** How many bottleneck spans to name. */
  readonly bottleneckCount: number;
  /** Bound on the span ids listed in one finding (the count is always exact). */
  readonly maxSpanIdsPerFinding: number;
  /** Bound on the findings of one kind. */
  readonly maxFindingsPerKind: number;
  /** Fill `selfTimeNs` for every span (the dashboard wants it; api answers usually do not). */
  readonly includeSelfTimes: boolean;
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = {
  nPlusOneMinCalls: 5,
  fanOutMinCalls: 30,
  serialMinSavingNs: 1_000_000,
  serialMaxGapNs: 5_000_000,
  serialMaxGapRatio: 0.25,
  maxSpanDepth: 30,
  maxServiceHops: 8,
  bottleneckCount: 5,
  maxSpanIdsPerFinding: 200,
  maxFindingsPerKind: 50,
  includeSelfTimes: false,
};
