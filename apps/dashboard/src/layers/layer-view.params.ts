import type { Layer } from '@linkscope/domain';

/**
 * The layers, listed here rather than imported as a value so that this module (on the trace-list
 * route) does not pull the domain package and its schema library into the main bundle.
 */
const LAYER_NAMES = ['business', 'uri', 'interface', 'component', 'infrastructure'] as const satisfies readonly Layer[];
// Fails to compile if the domain gains a layer this list lacks.
const _everyLayer: Layer extends (typeof LAYER_NAMES)[number] ? true : never = true;

/** Relative time ranges the layer pages offer (`?range=1h`), ending now. */
export const RANGE_OPTIONS = ['15m', '1h', '6h', '24h', '7d'] as const;
export type Range = (typeof RANGE_OPTIONS)[number];
export const RANGE_MS: Readonly<Record<Range, number>> = { '15m': 900_000, '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000 };
export const DEFAULT_RANGE: Range = '1h';

/** Comparison windows: none, the same window a day earlier (环比), a week earlier (同比). */
export const COMPARE_OPTIONS = ['none', 'day', 'week'] as const;
export type Compare = (typeof COMPARE_OPTIONS)[number];

/**
 * Where URI figures come from: traces (default), the access logs (`?source=log`), or both side by
 * side (`?source=both`). Only the URI layer has a log source.
 */
export const SOURCE_OPTIONS = ['trace', 'log', 'both'] as const;
export type ViewSource = (typeof SOURCE_OPTIONS)[number];

export const SORT_FIELDS = ['name', 'rate', 'errorRate', 'p50', 'p95', 'p99', 'slow', 'cpu', 'memory'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/**
 * Everything a layer view shows, from the URL: `?range=1h&compare=day&sort=p95&dir=desc&q=<text>&entity=<key>`,
 * or an absolute window `?from=<ms>&to=<ms>` (links from alerts) instead of `range`.
 */
export interface LayerView {
  readonly range: Range;
  /** An absolute window; when set it wins over `range`. */
  readonly absolute: { readonly fromMs: number; readonly toMs: number } | null;
  readonly compare: Compare;
  readonly sort: SortField | null;
  readonly dir: 'asc' | 'desc';
  /** The selected entity's key. */
  readonly entity: string | null;
  /** Only entities whose name or context contains this text, case-insensitive (`?q=`). */
  readonly filter: string | null;
  /** URI layer only; absent means traces. */
  readonly source?: ViewSource;
}

const pick = <T extends string>(options: readonly T[], value: string | null): T | undefined => options.find((o) => o === value);

export function isLayer(value: string | undefined): value is Layer {
  return LAYER_NAMES.some((layer) => layer === value);
}

export function readLayerView(params: URLSearchParams): LayerView {
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  const absolute = params.has('from') && params.has('to') && Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to > from ? { fromMs: from, toMs: to } : null;
  return {
    range: pick(RANGE_OPTIONS, params.get('range')) ?? DEFAULT_RANGE,
    absolute,
    compare: pick(COMPARE_OPTIONS, params.get('compare')) ?? 'none',
    sort: pick(SORT_FIELDS, params.get('sort')) ?? null,
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
    entity: params.get('entity') || null,
    filter: params.get('q')?.trim().slice(0, 200) || null,
    source: pick(SOURCE_OPTIONS, params.get('source')) ?? 'trace',
  };
}

/** The search params of a view, leaving out defaults. */
export function writeLayerView(view: LayerView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.absolute) {
    params.set('from', String(view.absolute.fromMs));
    params.set('to', String(view.absolute.toMs));
  } else if (view.range !== DEFAULT_RANGE) params.set('range', view.range);
  if (view.compare !== 'none') params.set('compare', view.compare);
  if (view.sort) params.set('sort', view.sort);
  if (view.sort && view.dir !== 'desc') params.set('dir', view.dir);
  if (view.entity) params.set('entity', view.entity);
  if (view.filter) params.set('q', view.filter);
  if (view.source && view.source !== 'trace') params.set('source', view.source);
  return params;
}

const MINUTE_MS = 60_000;

/**
 * The window a view reads: its absolute window, or the range ending at the end of the current
 * minute (so the minute in progress is included and the window only moves once a minute).
 */
export function resolveWindow(view: Pick<LayerView, 'range' | 'absolute'>, nowMs: number): { fromMs: number; toMs: number } {
  if (view.absolute) return view.absolute;
  const toMs = Math.ceil((nowMs + 1) / MINUTE_MS) * MINUTE_MS;
  return { fromMs: toMs - RANGE_MS[view.range], toMs };
}

/** The dashboard path of a layer page with a view. */
export function layerHref(layer: Layer, view: Partial<LayerView> = {}): string {
  const params = writeLayerView({ range: DEFAULT_RANGE, absolute: null, compare: 'none', sort: null, dir: 'desc', entity: null, filter: null, ...view });
  return params.size > 0 ? `/layers/${layer}?${params}` : `/layers/${layer}`;
}

/** The trace list filtered to one entity over a window, newest first unless `order` is `slowest`. */
export function entityTracesHref(layer: Layer, key: string, window: { fromMs: number; toMs: number }, errorsOnly = false, order: 'newest' | 'slowest' = 'newest'): string {
  const params = new URLSearchParams({ layer, entity: key, from: String(window.fromMs), to: String(window.toMs) });
  if (errorsOnly) params.set('errors', '1');
  if (order === 'slowest') params.set('order', 'slowest');
  return `/traces?${params}`;
}
