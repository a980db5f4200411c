/** A trace id as the api takes it: 32 hexadecimal characters, case-insensitive. */
const TRACE_ID = /^[0-9a-f]{32}$/;

/**
 * The trace the open trace is compared with (`?compareWith=<trace id>`), lower-cased; undefined
 * when absent or not a trace id, so a hand-edited link never sends a bad request.
 */
export function readCompareWith(params: URLSearchParams): string | undefined {
  const value = params.get('compareWith')?.trim().toLowerCase();
  return value && TRACE_ID.test(value) ? value : undefined;
}

/**
 * Reads what a person typed or pasted as the other trace: a bare id, or a trace link
 * (`…/traces/<id>?…`), with spaces around it. Null when it holds no trace id.
 */
export function parseTraceIdInput(text: string): string | null {
  const trimmed = text.trim();
  const fromLink = /\/traces\/([0-9a-fA-F]{32})(?:[/?#]|$)/.exec(trimmed);
  const id = (fromLink?.[1] ?? trimmed).toLowerCase();
  return TRACE_ID.test(id) ? id : null;
}
