import { createHash } from 'node:crypto';
import {
  ENTITY_DIMENSIONS,
  INFRA_COUNTERS,
  INFRA_GAUGES,
  type RollupRecord,
  type TenantScope,
  entityKey,
} from '@linkscope/domain';

/**
 * How a rollup is stored: flat keyword dimensions for filters, `entity` (the layer's entity key)
 * for terms aggregations, summable numbers, and the latency buckets and status codes as nested
 * `{b, n}` / `{c, n}` pairs so any number of documents sum per bucket in one aggregation.
 */
export interface RollupDocument {
  '@timestamp': number;
  tenant_id: string;
  project_id: string;
  layer: string;
  source: string;
  entity: string;
  /** `batch`: written by one batch; `minute`: a sealed minute, the sum of every batch's document. */
  tier: 'batch' | 'minute';
  batch_id: string;
  /** When the worker wrote it (epoch ms): sealing finds late arrivals by it. */
  ingested_ms: number;
  count: number;
  errors: number;
  lat_sum_us: number;
  lat_max_us: number;
  lat: { b: number; n: number }[];
  status: { c: string; n: number }[];
  g?: Record<string, { sum: number; count: number; max: number }>;
  c?: Record<string, { min_v: number; max_v: number; min_t: number; max_t: number }>;
  [dimension: string]: unknown;
}

function digest(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 40);
}

/**
 * The id of a rollup written by one batch: tenant, project, layer, source, entity, minute and the
 * batch id. A retried batch produces the same ids, so `create` answers 409 and nothing is counted twice.
 */
export function rollupDocumentId(scope: TenantScope, batchId: string, record: RollupRecord): string {
  return digest([scope.tenantId, scope.projectId, record.layer, record.source, entityKey(record.layer, record.dims), String(record.minuteEpochMs), batchId]);
}

export function toRollupDocument(scope: TenantScope, batchId: string, record: RollupRecord, ingestedMs: number): RollupDocument {
  const doc: RollupDocument = {
    '@timestamp': record.minuteEpochMs,
    tenant_id: scope.tenantId,
    project_id: scope.projectId,
    layer: record.layer,
    source: record.source,
    entity: entityKey(record.layer, record.dims),
    tier: 'batch',
    batch_id: batchId,
    ingested_ms: ingestedMs,
    count: record.count,
    errors: record.errors,
    lat_sum_us: record.latencySumUs,
    lat_max_us: record.latencyMaxUs,
    lat: Object.entries(record.latencyBuckets)
      .filter(([, n]) => n > 0)
      .map(([b, n]) => ({ b: Number(b), n })),
    status: Object.entries(record.statusCounts).map(([c, n]) => ({ c, n })),
  };
  for (const dimension of ENTITY_DIMENSIONS) {
    const value = record.dims[dimension];
    if (value !== undefined) doc[dimension] = value;
  }
  if (record.gauges) {
    const g: NonNullable<RollupDocument['g']> = {};
    for (const name of INFRA_GAUGES) {
      const stats = record.gauges[name];
      if (stats) g[name] = { sum: stats.sum, count: stats.count, max: stats.max };
    }
    doc.g = g;
  }
  if (record.counters) {
    const c: NonNullable<RollupDocument['c']> = {};
    for (const name of INFRA_COUNTERS) {
      const stats = record.counters[name];
      if (stats) c[name] = { min_v: stats.minValue, max_v: stats.maxValue, min_t: stats.minTimeMs, max_t: stats.maxTimeMs };
    }
    doc.c = c;
  }
  return doc;
}
