/** Time ranges the trace list offers, as they appear in the URL (`?lookback=1h`). */
export const LOOKBACK_OPTIONS = ['15m', '1h', '6h', '24h'] as const;
export type Lookback = (typeof LOOKBACK_OPTIONS)[number];

export const LOOKBACK_MINUTES: Readonly<Record<Lookback, number>> = { '15m': 15, '1h': 60, '6h': 360, '24h': 1_440 };
export const DEFAULT_LOOKBACK: Lookback = '1h';

/** Everything that decides what the trace list shows; lives in the URL search params. */
export interface TraceListView {
  readonly lookback: Lookback;
  /** Exact service name to filter on; undefined for all services. */
  readonly service: string | undefined;
  /** Trace search query (ADR 0009 query language); undefined for the plain recent list. */
  readonly q?: string | undefined;
  /** Search order; only with a query or a non-default order does the page search. */
  readonly sort?: TraceSort | undefined;
}

export const TRACE_SORTS = ['newest', 'oldest', 'slowest', 'fastest'] as const;
export type TraceSort = (typeof TRACE_SORTS)[number];

function isSort(value: string | null): value is TraceSort {
  return TRACE_SORTS.some((option) => option === value);
}

function isLookback(value: string | null): value is Lookback {
  return LOOKBACK_OPTIONS.some((option) => option === value);
}

/** Reads the list view from the URL; a missing or unknown `lookback` means the default, a blank `service` means all. */
export function readTraceListView(params: URLSearchParams): TraceListView {
  const lookback = params.get('lookback');
  const service = params.get('service')?.trim();
  const q = params.get('q')?.trim();
  const sort = params.get('sort');
  return { lookback: isLookback(lookback) ? lookback : DEFAULT_LOOKBACK, service: service || undefined, q: q || undefined, sort: isSort(sort) && sort !== 'newest' ? sort : undefined };
}

/** The search params for a list view, leaving out defaults so the plain `/traces` link stays canonical. */
export function writeTraceListView(view: TraceListView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.lookback !== DEFAULT_LOOKBACK) params.set('lookback', view.lookback);
  if (view.service) params.set('service', view.service);
  if (view.q) params.set('q', view.q);
  if (view.sort && view.sort !== 'newest') params.set('sort', view.sort);
  return params;
}
