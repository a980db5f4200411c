import {
  type AggregationTemporality,
  type ExponentialHistogramValue,
  type HistogramValue,
  type MetricKind,
  type MetricPointRecord,
  asEpochNs,
  normaliseResourceAttributes,
} from '@linkscope/domain';
import { type RawKeyValue, type TruncationCounter, convertAttributes } from './any-value';
import { list, object, text } from './json-shape';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from './limits';
import { type OtlpEncoding, parseOtlpBody, toEpochBigInt } from './otlp-body';
import { hostNameOf, serviceNameOf } from './resource';

type RawTime = string | number | null | undefined;
type RawNumber = string | number | null | undefined;

interface RawPoint {
  attributes?: RawKeyValue[] | null;
  startTimeUnixNano?: RawTime;
  timeUnixNano?: RawTime;
  asDouble?: number | string | null;
  asInt?: RawNumber;
  count?: RawNumber;
  sum?: number | string | null;
  min?: number | string | null;
  max?: number | string | null;
  bucketCounts?: RawNumber[] | null;
  explicitBounds?: (number | string)[] | null;
  scale?: number | null;
  zeroCount?: RawNumber;
  positive?: { offset?: number | null; bucketCounts?: RawNumber[] | null } | null;
  negative?: { offset?: number | null; bucketCounts?: RawNumber[] | null } | null;
  quantileValues?: { quantile?: number | null; value?: number | null }[] | null;
}

interface RawMetric {
  name?: string | null;
  description?: string | null;
  unit?: string | null;
  gauge?: { dataPoints?: RawPoint[] | null } | null;
  sum?: { dataPoints?: RawPoint[] | null; aggregationTemporality?: number | string | null; isMonotonic?: boolean | null } | null;
  histogram?: { dataPoints?: RawPoint[] | null; aggregationTemporality?: number | string | null } | null;
  exponentialHistogram?: { dataPoints?: RawPoint[] | null; aggregationTemporality?: number | string | null } | null;
  summary?: { dataPoints?: RawPoint[] | null } | null;
}

interface RawMetricsRequest {
  resourceMetrics?: { resource?: { attributes?: RawKeyValue[] | null } | null; scopeMetrics?: { scope?: { name?: string | null } | null; metrics?: RawMetric[] | null }[] | null }[] | null;
}

export type MetricRejectReason = 'missing_name' | 'invalid_time' | 'no_data' | 'invalid_value';

export interface DecodedMetrics {
  readonly points: MetricPointRecord[];
  readonly rejected: number;
  readonly rejectReasons: Partial<Record<MetricRejectReason, number>>;
  readonly truncation: TruncationCounter;
}

/** At most this many buckets per histogram point are kept; more is a malformed or hostile point. */
const MAX_BUCKETS = 512;
const TEMPORALITY: readonly AggregationTemporality[] = ['unspecified', 'delta', 'cumulative'];

function num(raw: RawNumber | number | string): number | null {
  if (raw == null || raw === '' || (typeof raw !== 'number' && typeof raw !== 'string')) return null;
  const value = typeof raw === 'number' ? raw : Number(raw);
  return Number.isFinite(value) ? value : null;
}

function temporalityOf(raw: number | string | null | undefined): AggregationTemporality {
  if (raw === 'AGGREGATION_TEMPORALITY_DELTA') return 'delta';
  if (raw === 'AGGREGATION_TEMPORALITY_CUMULATIVE') return 'cumulative';
  return (typeof raw === 'number' ? TEMPORALITY[raw] : undefined) ?? 'unspecified';
}

function counts(raw: RawNumber[] | null | undefined): number[] | null {
  const values = list<RawNumber>(raw).map(num);
  return values.length > MAX_BUCKETS || values.some((value) => value === null || value < 0) ? null : (values as number[]);
}

function histogramOf(point: RawPoint): HistogramValue | null {
  const bucketCounts = counts(point.bucketCounts);
  const bounds = list<number | string>(point.explicitBounds).map(num);
  if (!bucketCounts || bounds.some((b) => b === null) || (bucketCounts.length > 0 && bucketCounts.length !== bounds.length + 1)) return null;
  return { count: num(point.count) ?? 0, sum: num(point.sum), min: num(point.min), max: num(point.max), bounds: bounds as number[], counts: bucketCounts };
}

function exponentialOf(point: RawPoint): ExponentialHistogramValue | null {
  const positiveBuckets = object(point.positive);
  const negativeBuckets = object(point.negative);
  const positive = counts(positiveBuckets.bucketCounts);
  const negative = counts(negativeBuckets.bucketCounts);
  if (!positive || !negative) return null;
  return {
    count: num(point.count) ?? 0,
    sum: num(point.sum),
    min: num(point.min),
    max: num(point.max),
    scale: num(point.scale) ?? 0,
    zeroCount: num(point.zeroCount) ?? 0,
    positive: { offset: num(positiveBuckets.offset) ?? 0, counts: positive },
    negative: { offset: num(negativeBuckets.offset) ?? 0, counts: negative },
  };
}

/**
 * Decodes an OTLP ExportMetricsServiceRequest (protobuf or OTLP/JSON) into one record per data
 * point. Invalid points are dropped and counted; the request fails only when it cannot be read.
 */
export function decodeMetricsRequest(body: Buffer, encoding: OtlpEncoding, limits: SpanLimits = DEFAULT_SPAN_LIMITS): DecodedMetrics {
  const request = parseOtlpBody<RawMetricsRequest>(body, encoding, 'metrics');
  const points: MetricPointRecord[] = [];
  const rejectReasons: Partial<Record<MetricRejectReason, number>> = {};
  const truncation: TruncationCounter = { attributesDropped: 0, valuesTruncated: 0 };
  let rejected = 0;
  const reject = (reason: MetricRejectReason, count = 1): void => {
    rejected += count;
    rejectReasons[reason] = (rejectReasons[reason] ?? 0) + count;
  };

  type RawResourceMetrics = NonNullable<RawMetricsRequest['resourceMetrics']>[number];
  type RawScopeMetrics = NonNullable<RawResourceMetrics['scopeMetrics']>[number];
  for (const resourceMetrics of list<RawResourceMetrics>(request.resourceMetrics)) {
    const resourceAttributes = normaliseResourceAttributes(convertAttributes(object(object(resourceMetrics).resource).attributes, limits, truncation));
    const serviceName = serviceNameOf(resourceAttributes);
    const hostName = hostNameOf(resourceAttributes);
    for (const scopeMetrics of list<RawScopeMetrics>(object(resourceMetrics).scopeMetrics)) {
      const scopeName = text(object(object(scopeMetrics).scope).name);
      for (const rawMetric of list<RawMetric>(object(scopeMetrics).metrics)) {
        const metric = object(rawMetric);
        const gauge = object(metric.gauge);
        const sum = object(metric.sum);
        const histogram = object(metric.histogram);
        const exponential = object(metric.exponentialHistogram);
        const summaryData = object(metric.summary);
        const data: [MetricKind, RawPoint[], AggregationTemporality, boolean] | null = metric.gauge
          ? ['gauge', list<RawPoint>(gauge.dataPoints), 'unspecified', false]
          : metric.sum
            ? ['sum', list<RawPoint>(sum.dataPoints), temporalityOf(sum.aggregationTemporality), sum.isMonotonic === true]
            : metric.histogram
              ? ['histogram', list<RawPoint>(histogram.dataPoints), temporalityOf(histogram.aggregationTemporality), false]
              : metric.exponentialHistogram
                ? ['exponential_histogram', list<RawPoint>(exponential.dataPoints), temporalityOf(exponential.aggregationTemporality), false]
                : metric.summary
                  ? ['summary', list<RawPoint>(summaryData.dataPoints), 'cumulative', false]
                  : null;
        const name = text(metric.name);
        if (!name) {
          reject('missing_name', Math.max(1, data?.[1].length ?? 1));
          continue;
        }
        if (!data) {
          reject('no_data');
          continue;
        }
        const [kind, dataPoints, temporality, monotonic] = data;
        for (const rawPoint of dataPoints) {
          const point = object(rawPoint) as RawPoint;
          const time = toEpochBigInt(point.timeUnixNano);
          if (time === null || time === 0n) {
            reject('invalid_time');
            continue;
          }
          const start = toEpochBigInt(point.startTimeUnixNano);
          let value: number | null = null;
          let histogram: HistogramValue | null = null;
          let exponentialHistogram: ExponentialHistogramValue | null = null;
          let summary: MetricPointRecord['summary'] = null;
          if (kind === 'gauge' || kind === 'sum') value = num(point.asDouble ?? point.asInt ?? null);
          else if (kind === 'histogram') histogram = histogramOf(point);
          else if (kind === 'exponential_histogram') exponentialHistogram = exponentialOf(point);
          else
            summary = {
              count: num(point.count) ?? 0,
              sum: num(point.sum) ?? 0,
              quantiles: list<{ quantile?: number | null; value?: number | null }>(point.quantileValues)
                .slice(0, 64)
                .map((q) => ({ quantile: num(object(q).quantile) ?? 0, value: num(object(q).value) ?? 0 })),
            };
          if (value === null && histogram === null && exponentialHistogram === null && summary === null) {
            reject('invalid_value');
            continue;
          }
          points.push({
            name: name.slice(0, limits.maxNameLength),
            description: text(metric.description).slice(0, limits.maxAttributeValueLength),
            unit: text(metric.unit).slice(0, 64),
            kind,
            temporality,
            monotonic,
            serviceName,
            hostName,
            timeEpochNs: asEpochNs(time),
            startTimeEpochNs: start && start > 0n ? asEpochNs(start) : null,
            value,
            histogram,
            exponentialHistogram,
            summary,
            attributes: convertAttributes(point.attributes, limits, truncation),
            resourceAttributes,
            scopeName,
          });
        }
      }
    }
  }
  return { points, rejected, rejectReasons, truncation };
}
