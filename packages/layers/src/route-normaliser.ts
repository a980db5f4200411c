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
const DIGIT = /\d/g;

const HEX_PART = /(?:^|[-_.])(?=[a-f]*\d)[0-9a-f]{6,}(?:$|[-_.])/i;

/**
 * Ids with a prefix or in pieces: a hex run of six or more with a digit between separators
 * (`o-b2fea2df-5da`, `cart_9f3a2b`), or eight characters or more with a digit in every four
 * (`o-54b2f2b2-ec4`) — but not words with a digit (`oauth2callback`) or hex-looking words (`facade`).
 */
function isCompositeId(segment: string): boolean {
  if (HEX_PART.test(segment)) return true;
  if (segment.length < 8) return false;
  const digits = segment.match(DIGIT)?.length ?? 0;
  return digits * 4 >= segment.length;
}

/**
 * A low-cardinality route from a raw URL path, for requests whose instrumentation gave no
 * `http.route` (and for every outgoing HTTP call, which has no route): numbers, UUIDs, long hex
 * ids, opaque tokens, segments with three digits in a row and prefixed or pieced ids become `{id}`, the query string is
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
    return NUMERIC.test(decoded) || UUID.test(decoded) || HEX_ID.test(decoded) || TOKEN.test(decoded) || DIGIT_RUN.test(decoded) || isCompositeId(decoded) ? '{id}' : segment;
  });
  let route = kept.join('/');
  if (segments.length > MAX_SEGMENTS + 1) route += '/…';
  if (!route.startsWith('/')) route = `/${route}`;
  return route.slice(0, MAX_ROUTE_LENGTH);
}
