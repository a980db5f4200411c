/** A configured rewrite: paths matching `pattern` get `route` (which may use `$1`… from the pattern's groups). */
export interface RoutePattern {
  readonly pattern: string;
  readonly route: string;
}

/** Longest route kept, in characters; longer ones are cut and marked with `…`. */
export const MAX_ROUTE_LENGTH = 256;
/** Route of a request line without a usable path (garbage, TLS bytes on a plain port, `-`). */
export const INVALID_ROUTE = '{invalid}';
/** Longest normalised path handled byte by byte; longer paths are cut (routes are capped anyway). */
export const MAX_NORMALISED_BYTES = 2048;

const SLASH = 0x2f;
const DOT = 0x2e;
const NUM = Buffer.from('{num}');
const UUID = Buffer.from('{uuid}');
const HEX = Buffer.from('{hex}');

function hexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isUuid(buf: Uint8Array, start: number): boolean {
  for (let i = 0; i < 36; i++) {
    const c = buf[start + i]!;
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (!hexDigit(c)) return false;
  }
  return true;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Builds route keys as bytes: `<method> <normalised path>` and its FNV-1a hash in one pass, so a
 * route lookup needs no string. Each path segment (between `/`) is read as dot-separated parts,
 * so `app.3f9a1c2b.js` and `8812.json` keep their names and extensions: a part of digits becomes
 * `{num}`, a UUID `{uuid}`, eight or more hex digits with at least one decimal digit `{hex}` (so
 * words like `facade` stay words). Paths longer than MAX_NORMALISED_BYTES are cut.
 */
export class RouteKeyBuilder {
  readonly bytes = new Uint8Array(17 + MAX_NORMALISED_BYTES);
  /** Bytes of the key built last. */
  length = 0;
  /** FNV-1a of those bytes. */
  hash = 0;
  /** Where the path starts in `bytes` (after the method and a space). */
  pathAt = 0;

  /** Method of at most 16 bytes, then the normalised path. */
  build(buf: Uint8Array, methodStart: number, methodEnd: number, pathStart: number, pathEnd: number): void {
    const out = this.bytes;
    let h = FNV_OFFSET;
    let w = 0;
    for (let i = methodStart; i < methodEnd; i++) {
      const b = buf[i]!;
      out[w++] = b;
      h = Math.imul(h ^ b, FNV_PRIME);
    }
    out[w++] = 0x20;
    h = Math.imul(h ^ 0x20, FNV_PRIME);
    this.pathAt = w;
    const limit = w + MAX_NORMALISED_BYTES;
    let i = pathStart;
    while (i < pathEnd && w < limit) {
      const c = buf[i]!;
      if (c === SLASH || c === DOT) {
        out[w++] = c;
        h = Math.imul(h ^ c, FNV_PRIME);
        i++;
        continue;
      }
      // One part, copied and hashed as it is read; replaced by a placeholder if it turns out to be an id.
      const partStart = i;
      const savedW = w;
      const savedH = h;
      let digits = 0;
      let hex = 0;
      while (i < pathEnd) {
        const b = buf[i]!;
        if (b === SLASH || b === DOT) break;
        if (b >= 48 && b <= 57) {
          digits++;
          hex++;
        } else if ((b >= 97 && b <= 102) || (b >= 65 && b <= 70)) hex++;
        if (w < limit) {
          out[w++] = b;
          h = Math.imul(h ^ b, FNV_PRIME);
        }
        i++;
      }
      const length = i - partStart;
      let placeholder: Uint8Array | null = null;
      if (digits === length) placeholder = NUM;
      else if (length === 36 && isUuid(buf, partStart)) placeholder = UUID;
      else if (length >= 8 && hex === length && digits > 0) placeholder = HEX;
      if (placeholder !== null) {
        w = savedW;
        h = savedH;
        for (let k = 0; k < placeholder.length && w < limit; k++) {
          const b = placeholder[k]!;
          out[w++] = b;
          h = Math.imul(h ^ b, FNV_PRIME);
        }
      }
    }
    this.length = w;
    this.hash = h >>> 0;
  }
}

/**
 * Turns request paths into routes so the number of distinct keys stays bounded: id-like segments
 * become placeholders (RouteKeyBuilder), then configured patterns are tried on the result
 * (first match wins; they see `/products/{num}`, not `/products/42`). Absolute-form targets
 * (`http://host/path`) lose scheme and host; `*` stays `*`; anything else without a leading `/`
 * is INVALID_ROUTE. Routes are at most MAX_ROUTE_LENGTH characters.
 */
export class RouteNormaliser {
  private readonly patterns: readonly { regex: RegExp; route: string }[];
  private readonly key = new RouteKeyBuilder();

  constructor(patterns: readonly RoutePattern[] = []) {
    this.patterns = patterns.map((p) => ({ regex: new RegExp(p.pattern), route: p.route }));
  }

  /** The route of a raw path (as text). */
  normalise(rawPath: string): string {
    let path = rawPath;
    if (path === '*') return '*';
    if (path.charCodeAt(0) !== SLASH) {
      const absolute = /^https?:\/\/[^/]*(\/.*)?$/i.exec(path);
      if (!absolute) return INVALID_ROUTE;
      path = absolute[1] ?? '/';
    }
    const bytes = Buffer.from(`- ${path}`, 'utf8');
    const key = this.key;
    key.build(bytes, 0, 1, 2, bytes.length);
    return this.finish(Buffer.from(key.bytes.buffer, key.pathAt, key.length - key.pathAt).toString('utf8'));
  }

  /** Applies the configured patterns and the length cap to a path already normalised by normalisePathBytes. */
  finish(normalisedPath: string): string {
    for (const { regex, route } of this.patterns) {
      if (regex.test(normalisedPath)) return cap(normalisedPath.replace(regex, route));
    }
    return cap(normalisedPath);
  }
}

function cap(route: string): string {
  return route.length > MAX_ROUTE_LENGTH ? `${route.slice(0, MAX_ROUTE_LENGTH - 1)}…` : route;
}
