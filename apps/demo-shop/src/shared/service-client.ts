/** Answers above this size are refused rather than buffered. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Outcome of one call to another service; failures are values the caller maps to statuses. */
export type CallResult =
  | { status: 'answered'; statusCode: number; body: unknown; durationMs: number }
  | { status: 'failed'; reason: 'timeout' | 'unreachable' | 'bad_response'; detail: string; durationMs: number };

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
}

/**
 * Calls `baseUrl + path` with fetch (undici, instrumented by the SDK: one CLIENT span per call,
 * trace context injected) and parses the JSON answer. Never throws.
 */
export async function callService(baseUrl: string, path: string, options: CallOptions): Promise<CallResult> {
  const startedAt = performance.now();
  const elapsed = (): number => performance.now() - startedAt;
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      headers: { accept: 'application/json', ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text();
    if (text.length > MAX_RESPONSE_BYTES) return { status: 'failed', reason: 'bad_response', detail: `answer over ${MAX_RESPONSE_BYTES} bytes`, durationMs: elapsed() };
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        return { status: 'failed', reason: 'bad_response', detail: 'answer is not JSON', durationMs: elapsed() };
      }
    }
    return { status: 'answered', statusCode: response.status, body, durationMs: elapsed() };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return { status: 'failed', reason: 'timeout', detail: `no answer within ${options.timeoutMs} ms`, durationMs: elapsed() };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { status: 'failed', reason: 'unreachable', detail: cause?.code ?? cause?.message ?? String(error), durationMs: elapsed() };
  }
}
