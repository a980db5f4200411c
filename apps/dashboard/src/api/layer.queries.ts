import type { Layer, LayerEntityListResponse, LayerOverviewResponse, LayerSeriesResponse, RollupSource, TraceListResponse } from '@linkscope/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from './api-client';

/** Layer views refresh this often; rollups move once a minute, the current minute a little faster. */
export const LAYER_REFRESH_MS = 30_000;
/** Entities per layer page; the api allows up to 1,000. */
export const LAYER_ENTITY_LIMIT = 500;

export interface LayerWindow {
  readonly fromMs: number;
  readonly toMs: number;
  readonly compare: 'none' | 'day' | 'week';
}

export const layerQueryKeys = {
  overview: (w: LayerWindow) => ['layers', 'overview', w] as const,
  entities: (layer: Layer, w: LayerWindow, source: RollupSource | undefined) => ['layers', layer, 'entities', w, source ?? 'default'] as const,
  series: (layer: Layer, key: string, w: LayerWindow, source: RollupSource | undefined) => ['layers', layer, 'series', key, w, source ?? 'default'] as const,
  traces: (layer: Layer, key: string, w: Omit<LayerWindow, 'compare'>, errorsOnly: boolean, order: 'newest' | 'slowest') => ['layers', layer, 'traces', key, w, errorsOnly, order] as const,
};

/** The five layers at a glance, with each layer's worst entities. */
export function useLayerOverview(w: LayerWindow) {
  return useQuery({
    queryKey: layerQueryKeys.overview(w),
    queryFn: ({ signal }) => getJson<LayerOverviewResponse>('/api/v1/layers/overview', { fromMs: w.fromMs, toMs: w.toMs, compare: w.compare }, signal),
    refetchInterval: LAYER_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** Every entity of a layer over the window, with sparklines; `source` picks trace- or log-derived URI figures (the layer's default when absent). */
export function useLayerEntities(layer: Layer, w: LayerWindow, source?: RollupSource, enabled = true) {
  return useQuery({
    enabled,
    queryKey: layerQueryKeys.entities(layer, w, source),
    queryFn: ({ signal }) =>
      getJson<LayerEntityListResponse>(
        `/api/v1/layers/${layer}/entities`,
        { fromMs: w.fromMs, toMs: w.toMs, compare: w.compare, limit: LAYER_ENTITY_LIMIT, spark: 'true', ...(source ? { source } : {}) },
        signal,
      ),
    refetchInterval: LAYER_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** One entity over time, at a resolution the api picks for the window, with the comparison window overlaid. */
export function useLayerSeries(layer: Layer, key: string | null, w: LayerWindow, source?: RollupSource) {
  return useQuery({
    queryKey: layerQueryKeys.series(layer, key ?? '', w, source),
    queryFn: ({ signal }) =>
      getJson<LayerSeriesResponse>(`/api/v1/layers/${layer}/series`, { fromMs: w.fromMs, toMs: w.toMs, compare: w.compare, key: key ?? '', ...(source ? { source } : {}) }, signal),
    enabled: key !== null,
    refetchInterval: LAYER_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** The newest (or slowest, by the entity's own span) traces in the window that went through one entity. */
export function useEntityTraces(layer: Layer, key: string, w: Omit<LayerWindow, 'compare'>, errorsOnly: boolean, order: 'newest' | 'slowest') {
  return useQuery({
    queryKey: layerQueryKeys.traces(layer, key, w, errorsOnly, order),
    queryFn: ({ signal }) =>
      getJson<TraceListResponse>(`/api/v1/layers/${layer}/traces`, { fromMs: w.fromMs, toMs: w.toMs, key, limit: 50, errorsOnly: String(errorsOnly), order }, signal),
  });
}
