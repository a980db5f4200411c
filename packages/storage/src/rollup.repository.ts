import type { Client, estypes } from '@elastic/elasticsearch';
import {
  type EntityDims,
  type Layer,
  type RollupRecord,
  type RollupSource,
  type RollupTotals,
  type TenantScope,
  type TraceSummary,
  entityDimsFromKey,
  layerEntityRef,
} from '@linkscope/domain';
import { type BulkWriteOutcome, bulkCreate } from './bulk-writer';
import { listEntityTraces } from './entity-traces';
import { rollupIndexFor, rollupIndicesBetween } from './index-names';
import { readTotals, totalsAggregations } from './rollup-aggregations';
import { rollupDocumentId, toRollupDocument } from './rollup-document';

/** Minutes of one layer and source within [fromMs, toMs) (minute starts). */
export interface RollupWindow {
  readonly layer: Layer;
  readonly source: RollupSource;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Requests and failures in one sparkline interval. */
export interface SparkPoint {
  readonly count: number;
  readonly errors: number;
}

export interface EntityTotals {
  readonly key: string;
  readonly dims: EntityDims;
  readonly totals: RollupTotals;
  /** Per interval of the window, oldest first, when a sparkline was asked for. */
  readonly spark?: readonly SparkPoint[];
}

export interface EntityListResult {
  readonly entities: EntityTotals[];
  /** The whole layer's totals over the window (every entity, not only those returned). */
  readonly layerTotals: RollupTotals;
  /** Distinct entities in the window (approximate above a few thousand). */
  readonly entityCount: number;
  readonly truncated: boolean;
}

export interface SeriesResult {
  readonly points: { readonly timeMs: number; readonly totals: RollupTotals }[];
  readonly totals: RollupTotals;
}

/** Most entities one list returns. */
export const MAX_ENTITIES = 1_000;
/** Most points one sparkline has. */
export const MAX_SPARK_POINTS = 60;
/** Most points one series returns. */
export const MAX_SERIES_POINTS = 1_500;

function scopeFilter(scope: TenantScope): estypes.QueryDslQueryContainer[] {
  return [{ term: { tenant_id: scope.tenantId } }, { term: { project_id: scope.projectId } }];
}

/**
 * Per-minute rollups of the five layers. Writes are `create`s with per-batch ids (exactly once);
 * reads sum documents in aggregations: sealed minutes (`rollups1m`, one document per entity and
 * minute) before the seal watermark, per-batch documents after it. Every method is tenant-scoped.
 */
export class RollupRepository {
  constructor(
    private readonly client: Client,
    private readonly prefix: string,
    private readonly sealedThroughMs: () => Promise<number>,
  ) {}

  /** Stores one batch's rollups; writing the same batch again stores nothing new (409s). */
  bulkCreate(scope: TenantScope, batchId: string, records: readonly RollupRecord[], nowMs: number = Date.now()): Promise<BulkWriteOutcome> {
    return bulkCreate(
      this.client,
      records.map((record) => ({
        index: rollupIndexFor(this.prefix, 'rollups', record.minuteEpochMs),
        id: rollupDocumentId(scope, batchId, record),
        doc: toRollupDocument(scope, batchId, record, nowMs),
      })),
    );
  }

  /** Indices and filter that read each minute of [fromMs, toMs) exactly once: sealed before the watermark, per batch after. */
  private async tiered(scope: TenantScope, window: RollupWindow): Promise<{ index: string[]; filter: estypes.QueryDslQueryContainer[] }> {
    const sealed = await this.sealedThroughMs();
    const base: estypes.QueryDslQueryContainer[] = [...scopeFilter(scope), { term: { layer: window.layer } }, { term: { source: window.source } }];
    const last = window.toMs - 1;
    if (sealed <= window.fromMs) {
      return {
        index: rollupIndicesBetween(this.prefix, 'rollups', window.fromMs, last),
        filter: [...base, { term: { tier: 'batch' } }, { range: { '@timestamp': { gte: window.fromMs, lt: window.toMs } } }],
      };
    }
    const index = [
      ...rollupIndicesBetween(this.prefix, 'rollups1m', window.fromMs, Math.min(last, sealed - 1)),
      ...(sealed < window.toMs ? rollupIndicesBetween(this.prefix, 'rollups', sealed, last) : []),
    ];
    return {
      index,
      filter: [
        ...base,
        { range: { '@timestamp': { gte: window.fromMs, lt: window.toMs } } },
        {
          bool: {
            should: [
              { bool: { filter: [{ term: { tier: 'minute' } }, { range: { '@timestamp': { lt: sealed } } }] } },
              { bool: { filter: [{ term: { tier: 'batch' } }, { range: { '@timestamp': { gte: sealed } } }] } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
    };
  }

  /**
   * The entities of a layer over a window, busiest first, with their summed totals, plus the
   * layer's totals. At most `limit` (≤ MAX_ENTITIES) entities; `truncated` says when there were more.
   * `statusCounts: false` leaves the entities' status codes empty, `layerTotals: false` the layer's totals zero.
   */
  async listEntities(
    scope: TenantScope,
    window: RollupWindow & { limit: number; sparkIntervalMs?: number; statusCounts?: boolean; layerTotals?: boolean },
  ): Promise<EntityListResult> {
    const { index, filter } = await this.tiered(scope, window);
    const infra = window.layer === 'infrastructure';
    const limit = Math.min(Math.max(1, window.limit), MAX_ENTITIES);
    // Status codes per entity and the layer's totals cost aggregation work: callers that show neither leave them out.
    const sums = totalsAggregations({ withLatency: !infra, withStatus: !infra && window.statusCounts !== false, withInfra: infra });
    const spark = window.sparkIntervalMs;
    if (spark !== undefined) {
      if ((window.toMs - window.fromMs) / spark > MAX_SPARK_POINTS) throw new RangeError(`a sparkline has at most ${MAX_SPARK_POINTS} points`);
      sums['spark'] = {
        date_histogram: { field: '@timestamp', fixed_interval: `${spark}ms`, offset: `${((window.fromMs % spark) + spark) % spark}ms`, min_doc_count: 1 },
        aggs: { count: { sum: { field: 'count' } }, errors: { sum: { field: 'errors' } } },
      };
    }
    const response = await this.client.search({
      index,
      ignore_unavailable: true,
      allow_no_indices: true,
      size: 0,
      track_total_hits: false,
      query: { bool: { filter } },
      aggs: {
        entities: { terms: { field: 'entity', size: limit + 1, order: infra ? { _key: 'asc' } : { count: 'desc' } }, aggs: sums },
        entity_count: { cardinality: { field: 'entity' } },
        ...(window.layerTotals === false ? {} : totalsAggregations({ withLatency: !infra, withStatus: false, withInfra: false })),
      },
    });
    const aggs = (response.aggregations ?? {}) as Record<string, unknown>;
    const buckets = ((aggs['entities'] as { buckets?: Record<string, unknown>[] } | undefined)?.buckets ?? []) as (Record<string, unknown> & { key: string })[];
    const sparkline = (bucket: Record<string, unknown>): SparkPoint[] | undefined => {
      if (spark === undefined) return undefined;
      const points = ((bucket['spark'] as { buckets?: { key: number; count: { value: number }; errors: { value: number } }[] } | undefined)?.buckets ?? []).map((b) => [b.key, b] as const);
      const byTime = new Map(points);
      return Array.from({ length: Math.ceil((window.toMs - window.fromMs) / spark) }, (_, i) => {
        const b = byTime.get(window.fromMs + i * spark);
        return { count: b?.count.value ?? 0, errors: b?.errors.value ?? 0 };
      });
    };
    const entities = buckets.slice(0, limit).map((bucket) => {
      const points = sparkline(bucket);
      return { key: bucket.key, dims: entityDimsFromKey(window.layer, bucket.key), totals: readTotals(bucket), ...(points ? { spark: points } : {}) };
    });
    return {
      entities,
      layerTotals: readTotals(aggs),
      entityCount: Math.max(entities.length, (aggs['entity_count'] as { value?: number } | undefined)?.value ?? 0),
      truncated: buckets.length > limit,
    };
  }

  /** One entity's totals per interval (`intervalMs`, a multiple of a minute) over the window, oldest first, empty intervals included. */
  async series(scope: TenantScope, window: RollupWindow & { key: string; intervalMs: number }): Promise<SeriesResult> {
    const { index, filter } = await this.tiered(scope, window);
    const infra = window.layer === 'infrastructure';
    const points = Math.ceil((window.toMs - window.fromMs) / window.intervalMs);
    if (points > MAX_SERIES_POINTS) throw new RangeError(`a series has at most ${MAX_SERIES_POINTS} points (asked for ${points})`);
    const sums = totalsAggregations({ withLatency: !infra, withStatus: false, withInfra: infra });
    const response = await this.client.search({
      index,
      ignore_unavailable: true,
      allow_no_indices: true,
      size: 0,
      track_total_hits: false,
      query: { bool: { filter: [...filter, { term: { entity: window.key } }] } },
      aggs: {
        over_time: {
          date_histogram: {
            field: '@timestamp',
            fixed_interval: `${window.intervalMs}ms`,
            offset: `${((window.fromMs % window.intervalMs) + window.intervalMs) % window.intervalMs}ms`,
            min_doc_count: 0,
            extended_bounds: { min: window.fromMs, max: window.toMs - 1 },
          },
          aggs: sums,
        },
        ...totalsAggregations({ withLatency: !infra, withStatus: !infra, withInfra: infra }),
      },
    });
    const aggs = (response.aggregations ?? {}) as Record<string, unknown>;
    const buckets = ((aggs['over_time'] as { buckets?: Record<string, unknown>[] } | undefined)?.buckets ?? []) as (Record<string, unknown> & { key: number })[];
    const byTime = new Map(buckets.map((bucket) => [bucket.key, bucket]));
    // The grid is built here, not by extended_bounds alone: a window with no index at all returns no buckets.
    const grid = Array.from({ length: points }, (_, i) => window.fromMs + i * window.intervalMs);
    return { points: grid.map((timeMs) => ({ timeMs, totals: readTotals(byTime.get(timeMs) ?? {}) })), totals: readTotals(aggs) };
  }

  /** The newest (or slowest, by the entity's span) traces in the window that contain a span of the entity `key` of `layer` (span layers only). */
  listTraces(scope: TenantScope, query: { layer: Layer; key: string; fromMs: number; toMs: number; limit: number; errorsOnly: boolean; order: 'newest' | 'slowest' }): Promise<TraceSummary[]> {
    return listEntityTraces(this.client, this.prefix, scope, {
      ref: layerEntityRef(query.layer, query.key),
      fromMs: query.fromMs,
      toMs: query.toMs,
      limit: query.limit,
      errorsOnly: query.errorsOnly,
      order: query.order,
    });
  }
}
