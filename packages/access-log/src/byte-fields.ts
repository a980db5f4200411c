/**
 * Field readers over raw bytes: each reads buf[start, end) without creating strings and answers
 * a sentinel (-1 or NaN) instead of throwing when the bytes are not what the field should hold.
 */

const DASH = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

function isDigit(b: number): boolean {
  return b >= ZERO && b <= NINE;
}

/** A non-negative decimal integer, `-` as 0; -1 when not a number. At most 15 digits (exact in a double). */
export function readCount(buf: Uint8Array, start: number, end: number): number {
  if (end - start === 1 && buf[start] === DASH) return 0;
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b < ZERO || b > NINE) return -1;
    value = value * 10 + (b - ZERO);
  }
  return value;
}

/** An HTTP status: three digits 100–599; -1 otherwise. */
export function readStatus(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 3) return -1;
  const a = buf[start]! - ZERO;
  const b = buf[start + 1]! - ZERO;
  const c = buf[start + 2]! - ZERO;
  if (a < 1 || a > 5 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}

/**
 * Seconds with an optional fraction (`0.123`, `12`, `1.5`) as whole microseconds (digits past
 * the sixth decimal are dropped); -1 for `-`, empty or anything else.
 */
export function readSecondsAsUs(buf: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 20) return -1;
  let whole = 0;
  let i = start;
  for (; i < end; i++) {
    const b = buf[i]!;
    if (b === DOT) break;
    if (b < ZERO || b > NINE) return -1;
    whole = whole * 10 + (b - ZERO);
  }
  if (i === start) return -1;
  let fraction = 0;
  let scale = 100_000;
  if (i < end) {
    i++; // the dot
    if (i === end) return -1;
    for (; i < end; i++) {
      const b = buf[i]!;
      if (b < ZERO || b > NINE) return -1;
      if (scale >= 1) {
        fraction += (b - ZERO) * scale;
        scale /= 10;
      }
    }
  }
  return whole * 1_000_000 + Math.round(fraction);
}

/**
 * `$upstream_response_time`: one time per upstream tried, separated by `, ` (next server) and
 * ` : ` (internal redirect to another group), `-` where no response time exists. Answers the sum of
 * the times present in microseconds — the time spent waiting on upstreams in total — or -1 when
 * none is present or the value is malformed.
 */
export function readUpstreamTimesUs(buf: Uint8Array, start: number, end: number): number {
  let total = -1;
  let i = start;
  while (i < end) {
    while (i < end && (buf[i] === 0x20 || buf[i] === 0x2c || buf[i] === 0x3a)) i++;
    if (i >= end) break;
    let j = i;
    while (j < end && buf[j] !== 0x20 && buf[j] !== 0x2c && buf[j] !== 0x3a) j++;
    if (!(j - i === 1 && buf[i] === DASH)) {
      const us = readSecondsAsUs(buf, i, j);
      if (us < 0) return -1;
      total = total < 0 ? us : total + us;
    }
    i = j;
  }
  return total;
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

function two(buf: Uint8Array, i: number): number {
  const a = buf[i]!;
  const b = buf[i + 1]!;
  if (!isDigit(a) || !isDigit(b)) return -1;
  return (a - ZERO) * 10 + (b - ZERO);
}

function four(buf: Uint8Array, i: number): number {
  const hi = two(buf, i);
  const lo = two(buf, i + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

function zoneOffsetMs(buf: Uint8Array, i: number, end: number): number {
  // "+hhmm", "+hh:mm" or "Z"; NaN when malformed.
  if (end - i === 1 && buf[i] === 0x5a) return 0;
  const sign = buf[i] === 0x2b ? 1 : buf[i] === DASH ? -1 : 0;
  if (sign === 0) return Number.NaN;
  const hh = two(buf, i + 1);
  const colon = buf[i + 3] === 0x3a ? 1 : 0;
  if (end - i !== 5 + colon) return Number.NaN;
  const mm = two(buf, i + 3 + colon);
  if (hh < 0 || mm < 0 || hh > 23 || mm > 59) return Number.NaN;
  return sign * (hh * 60 + mm) * 60_000;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  if (year < 1970 || month < 0 || month > 11 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return Number.NaN;
  return Date.UTC(year, month, day, hour, minute, second);
}

/** `$time_local`: `10/Oct/2000:13:55:36 -0700` → epoch ms; NaN when malformed. */
export function readTimeLocal(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 26 || buf[start + 2] !== 0x2f || buf[start + 6] !== 0x2f || buf[start + 11] !== 0x3a || buf[start + 20] !== 0x20) return Number.NaN;
  const month = MONTHS[String.fromCharCode(buf[start + 3]!, buf[start + 4]!, buf[start + 5]!)];
  if (month === undefined) return Number.NaN;
  const ms = utc(four(buf, start + 7), month, two(buf, start), two(buf, start + 12), two(buf, start + 15), two(buf, start + 18));
  return ms - zoneOffsetMs(buf, start + 21, end);
}

/** `$time_iso8601`: `2026-11-23T09:16:16+00:00` (also `Z`, `+0000`, and fractional seconds) → epoch ms; NaN when malformed. */
export function readTimeIso(buf: Uint8Array, start: number, end: number): number {
  if (end - start < 20 || buf[start + 4] !== DASH || buf[start + 7] !== DASH || (buf[start + 10] !== 0x54 && buf[start + 10] !== 0x20)) return Number.NaN;
  const base = utc(four(buf, start), two(buf, start + 5) - 1, two(buf, start + 8), two(buf, start + 11), two(buf, start + 14), two(buf, start + 17));
  let i = start + 19;
  let fractionMs = 0;
  if (buf[i] === DOT) {
    i++;
    let scale = 100;
    while (i < end && isDigit(buf[i]!)) {
      fractionMs += (buf[i]! - ZERO) * scale;
      scale /= 10;
      i++;
    }
  }
  return base + Math.floor(fractionMs) - zoneOffsetMs(buf, i, end);
}

/** `$msec`: `1700000000.123` (seconds with ms) → epoch ms; NaN when malformed. */
export function readMsec(buf: Uint8Array, start: number, end: number): number {
  const us = readSecondsAsUs(buf, start, end);
  return us < 0 ? Number.NaN : Math.floor(us / 1000);
}

function hexValue(b: number): number {
  if (b >= ZERO && b <= NINE) return b - ZERO;
  const lower = b | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * Where a trace id sits in a field: 32 hex digits as they are, or inside a W3C `traceparent`
 * (`00-<32 hex>-<16 hex>-<2 hex>`). Answers the start offset of the 32 digits, or -1 (also for
 * the all-zero invalid id).
 */
export function findTraceId(buf: Uint8Array, start: number, end: number): number {
  let at = -1;
  if (end - start === 32) at = start;
  else if (end - start === 55 && buf[start + 2] === DASH && buf[start + 35] === DASH && buf[start + 52] === DASH) at = start + 3;
  if (at < 0) return -1;
  let nonZero = false;
  for (let i = at; i < at + 32; i++) {
    const v = hexValue(buf[i]!);
    if (v < 0) return -1;
    if (v !== 0) nonZero = true;
  }
  return nonZero ? at : -1;
}
