/** What the aggregate page analyses; lives in the URL (`/traces/aggregate?service=&route=&lookback=`). */
export interface AggregateView {
  readonly service: string;
  /** Exactly one of route and operation names the URI. */
  readonly route: string | undefined;
  readonly operation: string | undefined;
  readonly lookbackMinutes: number;
}

export const AGGREGATE_LOOKBACKS = [15, 60, 360, 1_440] as const;

/** Reads the view; null when the URL names no service or no URI (the page says so). */
export function readAggregateView(params: URLSearchParams): AggregateView | null {
  const service = params.get('service')?.trim();
  const route = params.get('route')?.trim() || undefined;
  const operation = route ? undefined : params.get('operation')?.trim() || undefined;
  if (!service || (!route && !operation)) return null;
  const lookback = Number(params.get('lookback'));
  return { service, route, operation, lookbackMinutes: AGGREGATE_LOOKBACKS.find((m) => m === lookback) ?? 60 };
}

/** The link to the aggregate of one URI (root service + route, or operation when there is no route). */
export function aggregateHref(service: string, route: string | null | undefined, operation: string, lookbackMinutes = 60): string {
  const params = new URLSearchParams({ service });
  if (route) params.set('route', route);
  else params.set('operation', operation);
  if (lookbackMinutes !== 60) params.set('lookback', String(lookbackMinutes));
  return `/traces/aggregate?${params}`;
}
