/** What the trace page shows besides the trace id; lives in the URL search params. */
export interface TraceView {
  /** Start of the trace, a hint that bounds the api's lookup in time. */
  readonly startEpochMs: number | undefined;
  /** The span whose details are open. */
  readonly spanId: string | undefined;
}

/** Reads the trace view from the URL; a `startEpochMs` that is not a non-negative integer is ignored. */
export function readTraceView(params: URLSearchParams): TraceView {
  const start = params.get('startEpochMs');
  const startEpochMs = start !== null && /^\d+$/.test(start) ? Number(start) : undefined;
  return { startEpochMs, spanId: params.get('span') || undefined };
}

/** The search params for a trace view. */
export function writeTraceView(view: TraceView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.startEpochMs !== undefined) params.set('startEpochMs', String(view.startEpochMs));
  if (view.spanId) params.set('span', view.spanId);
  return params;
}

/** The link to a trace: `/traces/<traceId>?startEpochMs=<ms>&span=<spanId>`, optional parts left out. */
export function traceHref(traceId: string, view: TraceView = { startEpochMs: undefined, spanId: undefined }): string {
  const search = writeTraceView(view).toString();
  return `/traces/${encodeURIComponent(traceId)}${search ? `?${search}` : ''}`;
}
