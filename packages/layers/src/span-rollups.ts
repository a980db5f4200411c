import {
  type BusinessRule,
  type EntityDims,
  type Layer,
  type RollupRecord,
  type SpanRecord,
  entityKey,
  latencyBucketIndex,
  layerEntityRef,
} from '@linkscope/domain';
import { classifySpan } from './span-classifier';

const MINUTE_MS = 60_000;
/** Distinct status codes kept per rollup; the rest are counted under `other`. */
export const MAX_STATUS_CODES = 16;
/** Rollups one batch may produce (entities × minutes); spans past it are counted in `dropped`. */
export const MAX_ROLLUPS_PER_BATCH = 5_000;

interface Accumulator {
  layer: Layer;
  dims: EntityDims;
  minuteEpochMs: number;
  count: number;
  errors: number;
  statusCounts: Record<string, number>;
  latencySumUs: number;
  latencyMaxUs: number;
  latencyBuckets: Record<number, number>;
}

export interface SpanRollupResult {
  readonly rollups: RollupRecord[];
  /** Per span (same order as the input), the layer entities it counts towards, as `layerEntityRef` strings. */
  readonly spanEntities: string[][];
  /** Span classifications not counted because the batch hit MAX_ROLLUPS_PER_BATCH. */
  readonly dropped: number;
}

/** Start of the minute a span started in, epoch ms. */
export function minuteOf(startEpochNs: string): number {
  const ms = Number(BigInt(startEpochNs) / 1_000_000n);
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/**
 * Pre-aggregates one batch of spans into per-minute rollups, one per (layer, entity, minute):
 * count, errors, status-code counts, latency sum and max (µs) and counts in the shared latency
 * buckets. A pure function of the spans and the rules, so a retried batch yields the same rollups.
 */
export function buildSpanRollups(spans: readonly SpanRecord[], rules: readonly BusinessRule[] = []): SpanRollupResult {
  const byKey = new Map<string, Accumulator>();
  let dropped = 0;
  const spanEntities: string[][] = [];
  for (const span of spans) {
    const classifications = classifySpan(span, rules);
    spanEntities.push(classifications.map((c) => layerEntityRef(c.layer, entityKey(c.layer, c.dims))));
    if (classifications.length === 0) continue;
    const minuteEpochMs = minuteOf(span.startEpochNs);
    const durationUs = Math.max(0, span.durationNs) / 1000;
    const bucket = latencyBucketIndex(durationUs);
    for (const c of classifications) {
      const key = `${c.layer}\u001e${entityKey(c.layer, c.dims)}\u001e${minuteEpochMs}`;
      let acc = byKey.get(key);
      if (!acc) {
        if (byKey.size >= MAX_ROLLUPS_PER_BATCH) {
          dropped++;
          continue;
        }
        acc = { layer: c.layer, dims: c.dims, minuteEpochMs, count: 0, errors: 0, statusCounts: {}, latencySumUs: 0, latencyMaxUs: 0, latencyBuckets: {} };
        byKey.set(key, acc);
      }
      acc.count++;
      if (c.error) acc.errors++;
      const code = c.statusCode in acc.statusCounts || Object.keys(acc.statusCounts).length < MAX_STATUS_CODES ? c.statusCode : 'other';
      acc.statusCounts[code] = (acc.statusCounts[code] ?? 0) + 1;
      acc.latencySumUs += durationUs;
      if (durationUs > acc.latencyMaxUs) acc.latencyMaxUs = durationUs;
      acc.latencyBuckets[bucket] = (acc.latencyBuckets[bucket] ?? 0) + 1;
    }
  }
  const rollups: RollupRecord[] = [...byKey.values()].map((acc) => ({ ...acc, source: 'trace' }));
  return { rollups, spanEntities, dropped };
}
