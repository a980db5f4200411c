import type { estypes } from '@elastic/elasticsearch';
import {
  type CounterStats,
  type GaugeStats,
  INFRA_COUNTERS,
  INFRA_GAUGES,
  LATENCY_BUCKET_COUNT,
  type InfraCounter,
  type InfraGauge,
  type RollupTotals,
} from '@linkscope/domain';

/** Distinct status codes returned per entity, unless the caller asks for more (sealing keeps up to 100). */
const STATUS_CODES_RETURNED = 20;

/**
 * Sub-aggregations that sum rollup documents into `RollupTotals`. `withInfra` adds the gauge and
 * counter fields (infrastructure only); `withStatus` the status-code distribution.
 */
export function totalsAggregations(options: { withLatency: boolean; withStatus: boolean; withInfra: boolean; statusCodes?: number }): Record<string, estypes.AggregationsAggregationContainer> {
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {
    count: { sum: { field: 'count' } },
    errors: { sum: { field: 'errors' } },
  };
  if (options.withLatency) {
    aggs['lat_sum'] = { sum: { field: 'lat_sum_us' } };
    aggs['lat_max'] = { max: { field: 'lat_max_us' } };
    aggs['lat'] = { nested: { path: 'lat' }, aggs: { b: { terms: { field: 'lat.b', size: LATENCY_BUCKET_COUNT }, aggs: { n: { sum: { field: 'lat.n' } } } } } };
  }
  if (options.withStatus) {
    aggs['status'] = { nested: { path: 'status' }, aggs: { c: { terms: { field: 'status.c', size: options.statusCodes ?? STATUS_CODES_RETURNED }, aggs: { n: { sum: { field: 'status.n' } } } } } };
  }
  if (options.withInfra) {
    for (const name of INFRA_GAUGES) {
      aggs[`g_${name}_sum`] = { sum: { field: `g.${name}.sum` } };
      aggs[`g_${name}_count`] = { sum: { field: `g.${name}.count` } };
      aggs[`g_${name}_max`] = { max: { field: `g.${name}.max` } };
    }
    for (const name of INFRA_COUNTERS) {
      aggs[`c_${name}_min_v`] = { min: { field: `c.${name}.min_v` } };
      aggs[`c_${name}_max_v`] = { max: { field: `c.${name}.max_v` } };
      aggs[`c_${name}_min_t`] = { min: { field: `c.${name}.min_t` } };
      aggs[`c_${name}_max_t`] = { max: { field: `c.${name}.max_t` } };
    }
  }
  return aggs;
}

type AggBucket = Record<string, unknown>;
type ValueAgg = { value: number | null } | undefined;
type TermsAgg = { buckets: { key: string | number; n: { value: number } }[] } | undefined;

function num(bucket: AggBucket, name: string): number | null {
  const value = (bucket[name] as ValueAgg)?.value;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads the sums `totalsAggregations` produced from one aggregation bucket (or the top level). */
export function readTotals(bucket: AggBucket): RollupTotals {
  const latencyBuckets: Record<number, number> = {};
  for (const b of ((bucket['lat'] as AggBucket | undefined)?.['b'] as TermsAgg)?.buckets ?? []) {
    if (b.n.value > 0) latencyBuckets[Number(b.key)] = b.n.value;
  }
  const statusCounts: Record<string, number> = {};
  for (const c of ((bucket['status'] as AggBucket | undefined)?.['c'] as TermsAgg)?.buckets ?? []) {
    if (c.n.value > 0) statusCounts[String(c.key)] = c.n.value;
  }
  const gauges: Partial<Record<InfraGauge, GaugeStats>> = {};
  for (const name of INFRA_GAUGES) {
    const count = num(bucket, `g_${name}_count`);
    if (!count) continue;
    gauges[name] = { sum: num(bucket, `g_${name}_sum`) ?? 0, count, max: num(bucket, `g_${name}_max`) ?? 0 };
  }
  const counters: Partial<Record<InfraCounter, CounterStats>> = {};
  for (const name of INFRA_COUNTERS) {
    const minTimeMs = num(bucket, `c_${name}_min_t`);
    const maxTimeMs = num(bucket, `c_${name}_max_t`);
    if (minTimeMs === null || maxTimeMs === null) continue;
    counters[name] = { minValue: num(bucket, `c_${name}_min_v`) ?? 0, maxValue: num(bucket, `c_${name}_max_v`) ?? 0, minTimeMs, maxTimeMs };
  }
  return {
    count: num(bucket, 'count') ?? 0,
    errors: num(bucket, 'errors') ?? 0,
    latencySumUs: num(bucket, 'lat_sum') ?? 0,
    latencyMaxUs: num(bucket, 'lat_max') ?? 0,
    latencyBuckets,
    statusCounts,
    ...(Object.keys(gauges).length > 0 ? { gauges } : {}),
    ...(Object.keys(counters).length > 0 ? { counters } : {}),
  };
}
