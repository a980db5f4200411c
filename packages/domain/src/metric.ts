import type { Attributes, EpochNs } from './span';

export const METRIC_KINDS = ['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];
export type AggregationTemporality = 'unspecified' | 'delta' | 'cumulative';

/** Explicit-bucket histogram data: `counts` has one more entry than `bounds` (the overflow bucket). */
export interface HistogramValue {
  readonly count: number;
  readonly sum: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly bounds: readonly number[];
  readonly counts: readonly number[];
}

export interface SummaryValue {
  readonly count: number;
  readonly sum: number;
  readonly quantiles: readonly { readonly quantile: number; readonly value: number }[];
}

/** Base-2 exponential histogram, kept as sent (see the OTLP specification for its meaning). */
export interface ExponentialHistogramValue {
  readonly count: number;
  readonly sum: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly scale: number;
  readonly zeroCount: number;
  readonly positive: { readonly offset: number; readonly counts: readonly number[] };
  readonly negative: { readonly offset: number; readonly counts: readonly number[] };
}

/**
 * One data point of one metric after decoding and normalisation. Exactly one of `value`,
 * `histogram`, `exponentialHistogram` and `summary` is set, according to `kind`.
 */
export interface MetricPointRecord {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly kind: MetricKind;
  readonly temporality: AggregationTemporality;
  readonly monotonic: boolean;
  readonly serviceName: string;
  /** `host.name` of the resource, or '' when the sender did not say. */
  readonly hostName: string;
  readonly timeEpochNs: EpochNs;
  readonly startTimeEpochNs: EpochNs | null;
  readonly value: number | null;
  readonly histogram: HistogramValue | null;
  readonly exponentialHistogram: ExponentialHistogramValue | null;
  readonly summary: SummaryValue | null;
  readonly attributes: Attributes;
  readonly resourceAttributes: Attributes;
  readonly scopeName: string;
}
