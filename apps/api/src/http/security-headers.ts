type Res = { setHeader(name: string, value: string): void };
type Req = { path?: string; url?: string };

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets style attributes (waterfall bar widths); no inline scripts are allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Security headers on every answer (api and dashboard files); `no-store` on api answers, which
 * can hold one-time secrets. HSTS only when cookies are Secure, i.e. the api is served over TLS.
 */
export function securityHeaders(hsts: boolean): (request: Req, response: Res, next: () => void) => void {
  return (request, response, next) => {
    response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('x-frame-options', 'DENY');
    // Invitation links carry their token in the fragment, but no URL should leak to other sites.
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('cross-origin-opener-policy', 'same-origin');
    response.setHeader('cross-origin-resource-policy', 'same-origin');
    response.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (hsts) response.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if ((request.path ?? request.url ?? '').startsWith('/api/')) response.setHeader('cache-control', 'no-store');
    next();
  };
}

type BodyError = { type?: string; status?: number };
type JsonRes = { status(code: number): { json(body: unknown): void }; headersSent?: boolean };

/** Body-parser failures as the api's usual `{ statusCode, code, message }`: 413 oversize, 400 malformed. */
export function bodyErrors(maxBodyBytes: number): (error: BodyError, request: Req, response: JsonRes, next: (error?: unknown) => void) => void {
  return (error, _request, response, next) => {
    if (error?.type === 'entity.too.large') return response.status(413).json({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: `request body exceeds ${maxBodyBytes} bytes` });
    if (error?.type === 'entity.parse.failed') return response.status(400).json({ statusCode: 400, code: 'INVALID_REQUEST', message: 'malformed JSON body' });
    if (error?.status && error.status >= 400 && error.status < 500) return response.status(error.status).json({ statusCode: error.status, code: 'INVALID_REQUEST', message: 'unreadable request body' });
    return next(error);
  };
}
