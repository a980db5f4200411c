import type { SessionView } from '@linkscope/domain';

export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/**
 * A signed-in client of the api, as the dashboard is: the session cookie on every request and
 * the CSRF token on every write. `headers` (e.g. x-linkscope-org / x-linkscope-project) are
 * added to every request.
 */
export class ApiSession {
  private constructor(
    readonly baseUrl: string,
    readonly cookie: string,
    readonly session: SessionView,
    private readonly headers: Record<string, string> = {},
  ) {}

  static async login(baseUrl: string, email: string, password: string, address?: string): Promise<ApiSession> {
    return ApiSession.start(baseUrl, '/api/v1/auth/login', { email, password }, address);
  }

  static async signUp(baseUrl: string, input: { email: string; password: string; name: string; organisationName: string }): Promise<ApiSession> {
    return ApiSession.start(baseUrl, '/api/v1/auth/signup', input);
  }

  /** Signs in (or signs up) through `path` and keeps the session cookie. Throws unless 200/201. */
  static async start(baseUrl: string, path: string, body: unknown, address?: string): Promise<ApiSession> {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(address ? { 'x-forwarded-for': address } : {}) },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as SessionView;
    if (response.status !== 200 && response.status !== 201) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    const cookie = sessionCookieOf(response.headers);
    return new ApiSession(baseUrl, cookie, answer);
  }

  /** The same session with extra headers on every request. */
  with(headers: Record<string, string>): ApiSession {
    return new ApiSession(this.baseUrl, this.cookie, this.session, { ...this.headers, ...headers });
  }

  /** The same session working in one organisation and project. */
  in(organisationId: string, projectId?: string): ApiSession {
    return this.with({ 'x-linkscope-org': organisationId, ...(projectId ? { 'x-linkscope-project': projectId } : {}) });
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-linkscope-csrf': this.session.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...this.headers,
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = unknown>(path: string, headers?: Record<string, string>): Promise<ApiAnswer<T>> {
    return this.request<T>('GET', path, undefined, headers);
  }

  post<T = unknown>(path: string, body: unknown = {}, headers?: Record<string, string>): Promise<ApiAnswer<T>> {
    return this.request<T>('POST', path, body, headers);
  }
}

/** The `name=value` of the session cookie in a Set-Cookie answer. */
export function sessionCookieOf(headers: Headers): string {
  const setCookie = headers.getSetCookie().find((c) => c.startsWith('ls_session='));
  if (!setCookie) throw new Error('no session cookie was set');
  return setCookie.split(';')[0] as string;
}
