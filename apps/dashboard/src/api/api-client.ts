/** Status used for failures that never produced an HTTP response (network down, CORS, abort). */
export const NO_RESPONSE_STATUS = 0;

/**
 * A failed API call. `status` is the HTTP status, or `NO_RESPONSE_STATUS` when there was no response;
 * `code` is the api's stable error code (`NOT_FOUND`, `INVALID_REQUEST`, …) or `NETWORK_ERROR` /
 * `BAD_RESPONSE` when the api could not be reached or did not answer with JSON.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The request itself was wrong or names something that does not exist; trying again will not help. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

/** The session's CSRF token, echoed in `x-linkscope-csrf` on every write (set from the session answer). */
let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export type QueryParams = Readonly<Record<string, string | number | undefined>>;

interface ErrorBody {
  readonly code?: unknown;
  readonly message?: unknown;
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as ErrorBody;
  const code = typeof body.code === 'string' ? body.code : `HTTP_${response.status}`;
  const message = typeof body.message === 'string' ? body.message : response.statusText;
  return new ApiError(response.status, code, message);
}

/**
 * GETs a same-origin api path and returns its JSON body. Parameters that are `undefined` are left out.
 * Throws `ApiError` for any non-2xx answer, a network failure, or a body that is not JSON.
 * The body is trusted to have type `T`: the api is the edge that validates.
 */
export async function getJson<T>(path: string, params: QueryParams = {}, signal?: AbortSignal): Promise<T> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) search.set(name, String(value));
  }
  const url = search.size > 0 ? `${path}?${search}` : path;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(NO_RESPONSE_STATUS, 'NETWORK_ERROR', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw await errorFromResponse(response);
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(response.status, 'BAD_RESPONSE', 'the api answered with something that is not JSON');
  }
}

/**
 * Sends a same-origin api write (`POST`, `PATCH`, `PUT`, `DELETE`) with an optional JSON body and
 * the session's CSRF token (`x-linkscope-csrf`), and returns
 * the answer's JSON body (`undefined` for 204 or an empty body). Throws `ApiError` like `getJson`,
 * so a 400 shows the api's own message.
 */
export async function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { accept: 'application/json', 'x-linkscope-csrf': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new ApiError(NO_RESPONSE_STATUS, 'NETWORK_ERROR', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw await errorFromResponse(response);
  const text = await response.text();
  if (text.length === 0) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, 'BAD_RESPONSE', 'the api answered with something that is not JSON');
  }
}
