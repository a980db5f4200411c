import { Inject, Injectable } from '@nestjs/common';
import {
  LAYERS,
  type Layer,
  type LayerEntityListResponse,
  type LayerEntityRow,
  type LayerOverviewItem,
  type LayerOverviewResponse,
  type LayerSeriesPoint,
  type LayerSeriesResponse,
  type LayerWindowQuery,
  type RollupSource,
  type TenantScope,
  type TraceListResponse,
  entityDimsFromKey,
} from '@linkscope/domain';
import { figuresFromTotals, infraFiguresFromTotals, seriesIntervalMs, worstFirst } from '@linkscope/layers';
import type { EntityListResult, EntityTotals, Storage } from '@linkscope/storage';
import { AppError } from '../http/app-error';
import { STORAGE } from '../storage.provider';
import { type EntityListQuery, type EntityTracesQuery, type OverviewQuery, type SeriesQuery, keyPartsMatch } from './layer-queries.schema';

const DAY_MS = 86_400_000;
const SHIFT_MS: Record<LayerWindowQuery['compare'], number> = { none: 0, day: DAY_MS, week: 7 * DAY_MS };
/** Points of a sparkline at most (the interval is the smallest standard one giving no more). */
const SPARK_POINTS = 30;
/** Entities the overview considers per layer when picking the worst. */
const OVERVIEW_ENTITIES = 200;

function defaultSource(layer: Layer): RollupSource {
  return layer === 'infrastructure' ? 'metric' : 'trace';
}

function rows(layer: Layer, source: RollupSource, result: EntityListResult, previous: EntityListResult | null, windowMs: number, slowUs: number): LayerEntityRow[] {
  const before = new Map<string, EntityTotals>(previous?.entities.map((e) => [e.key, e]) ?? []);
  return result.entities.map((entity) => {
    const then = before.get(entity.key);
    return {
      layer,
      source,
      key: entity.key,
      dims: entity.dims,
      figures: figuresFromTotals(entity.totals, windowMs, slowUs),
      statusCounts: entity.totals.statusCounts,
      previous: then ? figuresFromTotals(then.totals, windowMs, slowUs) : null,
      infra: layer === 'infrastructure' ? infraFiguresFromTotals(entity.totals) : null,
      spark: entity.spark ?? null,
    };
  });
}

/** Five-layer views over per-minute rollups: entity lists, overview, time series, and the traces behind an entity. */
@Injectable()
export class LayerService {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  /**
   * A layer's entities over the window and, when comparing, over the shifted window. The entity
   * list shows each entity's status codes; the overview shows the layer's totals instead. The
   * comparison window only needs the figures.
   */
  private async list(scope: TenantScope, layer: Layer, source: RollupSource, q: LayerWindowQuery, limit: number, use: 'entities' | 'overview', sparkIntervalMs?: number): Promise<[EntityListResult, EntityListResult | null]> {
    const shift = SHIFT_MS[q.compare];
    const overview = use === 'overview';
    const current = this.storage.rollups.listEntities(scope, {
      layer,
      source,
      fromMs: q.fromMs,
      toMs: q.toMs,
      limit,
      statusCounts: !overview,
      layerTotals: overview,
      ...(sparkIntervalMs ? { sparkIntervalMs } : {}),
    });
    const previous =
      shift > 0
        ? this.storage.rollups.listEntities(scope, { layer, source, fromMs: q.fromMs - shift, toMs: q.toMs - shift, limit, statusCounts: false, layerTotals: overview })
        : Promise.resolve(null);
    return Promise.all([current, previous]);
  }

  async entities(scope: TenantScope, layer: Layer, q: EntityListQuery): Promise<LayerEntityListResponse> {
    const source = q.source ?? defaultSource(layer);
    const sparkIntervalMs = q.spark ? seriesIntervalMs(q.toMs - q.fromMs, SPARK_POINTS) : null;
    const [current, previous] = await this.list(scope, layer, source, q, q.limit, 'entities', sparkIntervalMs ?? undefined);
    const slowUs = q.slowMs * 1000;
    return {
      layer,
      fromMs: q.fromMs,
      toMs: q.toMs,
      compare: q.compare,
      slowThresholdUs: slowUs,
      sparkIntervalMs,
      entities: rows(layer, source, current, previous, q.toMs - q.fromMs, slowUs),
      truncated: current.truncated,
    };
  }

  async overview(scope: TenantScope, q: OverviewQuery): Promise<LayerOverviewResponse> {
    const windowMs = q.toMs - q.fromMs;
    const slowUs = q.slowMs * 1000;
    const layers = await Promise.all(
      LAYERS.map(async (layer): Promise<LayerOverviewItem> => {
        const source = defaultSource(layer);
        const [current, previous] = await this.list(scope, layer, source, q, OVERVIEW_ENTITIES, 'overview');
        const all = rows(layer, source, current, previous, windowMs, slowUs);
        return {
          layer,
          entityCount: current.entityCount,
          totals: figuresFromTotals(current.layerTotals, windowMs, slowUs),
          previousTotals: previous ? figuresFromTotals(previous.layerTotals, windowMs, slowUs) : null,
          worst: layer === 'infrastructure' ? all.slice(0, q.worst) : worstFirst(all).slice(0, q.worst),
        };
      }),
    );
    return { fromMs: q.fromMs, toMs: q.toMs, compare: q.compare, layers };
  }

  async series(scope: TenantScope, layer: Layer, q: SeriesQuery): Promise<LayerSeriesResponse> {
    if (!keyPartsMatch(layer, q.key)) throw new AppError('INVALID_REQUEST', `key: not an entity key of the ${layer} layer`);
    const source = q.source ?? defaultSource(layer);
    const windowMs = q.toMs - q.fromMs;
    const intervalMs = seriesIntervalMs(windowMs);
    const shift = SHIFT_MS[q.compare];
    const slowUs = q.slowMs * 1000;
    const ask = (fromMs: number, toMs: number) => this.storage.rollups.series(scope, { layer, source, key: q.key, fromMs, toMs, intervalMs });
    const [current, previous] = await Promise.all([ask(q.fromMs, q.toMs), shift > 0 ? ask(q.fromMs - shift, q.toMs - shift) : Promise.resolve(null)]);
    const toPoint = (timeMs: number, totals: EntityTotals['totals']): LayerSeriesPoint => {
      const figures = figuresFromTotals(totals, intervalMs, slowUs);
      const point: LayerSeriesPoint = { timeMs, count: totals.count, errors: totals.errors, p50Us: figures.p50Us, p95Us: figures.p95Us, p99Us: figures.p99Us };
      if (layer !== 'infrastructure') return point;
      const infra = infraFiguresFromTotals(totals);
      return { ...point, infra: { ...infra.averages, ...infra.rates } };
    };
    return {
      layer,
      key: q.key,
      dims: entityDimsFromKey(layer, q.key),
      intervalMs,
      points: current.points.map((p) => toPoint(p.timeMs, p.totals)),
      previousPoints: previous ? previous.points.map((p) => toPoint(p.timeMs + shift, p.totals)) : null,
      statusCounts: current.totals.statusCounts,
      figures: figuresFromTotals(current.totals, windowMs, slowUs),
    };
  }

  async traces(scope: TenantScope, layer: Layer, q: EntityTracesQuery): Promise<TraceListResponse> {
    if (layer === 'infrastructure') throw new AppError('INVALID_REQUEST', 'the infrastructure layer comes from metrics and has no traces');
    if (!keyPartsMatch(layer, q.key)) throw new AppError('INVALID_REQUEST', `key: not an entity key of the ${layer} layer`);
    const traces = await this.storage.rollups.listTraces(scope, { layer, key: q.key, fromMs: q.fromMs, toMs: q.toMs, limit: q.limit, errorsOnly: q.errorsOnly, order: q.order });
    return { traces };
  }
}
