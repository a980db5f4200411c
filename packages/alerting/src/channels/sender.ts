/**
 * What one send came to. Expected outcomes are values: `retryable` carries how long the provider
 * asked us to wait (throttling) or a default; `rejected` means retrying cannot help (bad secret,
 * refused signature, malformed body).
 */
export type SendOutcome =
  | { readonly status: 'sent'; readonly detail: string }
  | { readonly status: 'retryable'; readonly reason: string; readonly afterMs: number; readonly throttled: boolean }
  | { readonly status: 'rejected'; readonly reason: string };

/** An HTTP request as a sender builds it; kept as data so tests can inspect it before it is sent. */
export interface OutgoingRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Performs a request; throws only when no reply came (connection refused, timeout). */
export type HttpTransport = (request: OutgoingRequest) => Promise<HttpReply>;

/** Longest wait for a provider's reply. */
export const SEND_TIMEOUT_MS = 10_000;
/** Reply bodies longer than this are cut before parsing (providers answer with small JSON). */
const MAX_REPLY_BYTES = 64 * 1024;

/** The transport used in production: global fetch with a timeout. */
export const fetchTransport: HttpTransport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    redirect: 'error',
  });
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, body: text.slice(0, MAX_REPLY_BYTES) };
};

/** Default wait before retrying a failed send when the provider gave no hint. */
export const DEFAULT_RETRY_MS = 5000;

/** Sends a request, turning transport failures and HTTP-level errors into outcomes. `interpret` reads a 2xx reply. */
export async function sendWith(transport: HttpTransport, request: OutgoingRequest, interpret: (reply: HttpReply) => SendOutcome): Promise<SendOutcome> {
  let reply: HttpReply;
  try {
    reply = await transport(request);
  } catch (error) {
    return { status: 'retryable', reason: `no reply: ${(error as Error).message}`, afterMs: DEFAULT_RETRY_MS, throttled: false };
  }
  if (reply.status === 429) return { status: 'retryable', reason: `HTTP 429 ${reply.body.slice(0, 200)}`, afterMs: retryAfterMs(reply.headers['retry-after']), throttled: true };
  if (reply.status >= 500) return { status: 'retryable', reason: `HTTP ${reply.status} ${reply.body.slice(0, 200)}`, afterMs: DEFAULT_RETRY_MS, throttled: false };
  return interpret(reply);
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date); 60 s when absent or unreadable. */
export function retryAfterMs(header: string | undefined, nowMs = Date.now()): number {
  if (!header) return 60_000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(3_600_000, Math.round(seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? 60_000 : Math.min(3_600_000, Math.max(0, at - nowMs));
}

/** Parses a JSON reply body, or returns undefined. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** UTF-8 byte length, the unit providers state their size limits in. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character, marking the cut. */
export function truncateUtf8(text: string, maxBytes: number, marker = '…'): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Bytes(marker);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = utf8Bytes(ch);
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  return out + marker;
}
