const MAX_SEGMENTS = 12;
const MAX_ROUTE_LENGTH = 256;

const NUMERIC = /^[+-]?\d+(\.\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_ID = /^[0-9a-f]{12,}$/i;
// Long opaque tokens (base64-ish, mixed letters and digits) are ids, not route words.
const TOKEN = /^(?=.*\d)[A-Za-z0-9_-]{16,}$/;
// Three digits in a row make a segment an id whatever surrounds them (`p-1006`, `ORD-2024-0001`,
// `user1234`), while versions and protocol words (`v2`, `oauth2`, `ipv6`) stay.
const DIGIT_RUN = /\d{3}/;

/**
 * A low-cardinality route from a raw URL path, for requests whose instrumentation gave no
 * `http.route` (and for every outgoing HTTP call, which has no route): numbers, UUIDs, long hex
 * ids, opaque tokens and segments with three or more digits in a row become `{id}`, the query string is
 * dropped, and at most 12 segments and 256 characters are kept. `/orders/123/items?x=1` → `/orders/{id}/items`.
 */
export function normaliseRoute(path: string): string {
  const withoutQuery = path.split(/[?#]/, 1)[0] ?? '';
  const segments = withoutQuery.split('/');
  const kept = segments.slice(0, MAX_SEGMENTS + 1).map((segment) => {
    if (segment === '') return segment;
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      // keep the raw segment
    }
    return NUMERIC.test(decoded) || UUID.test(decoded) || HEX_ID.test(decoded) || TOKEN.test(decoded) || DIGIT_RUN.test(decoded) ? '{id}' : segment;
  });
  let route = kept.join('/');
  if (segments.length > MAX_SEGMENTS + 1) route += '/…';
  if (!route.startsWith('/')) route = `/${route}`;
  return route.slice(0, MAX_ROUTE_LENGTH);
}
