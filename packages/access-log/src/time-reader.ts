import { readMsec, readTimeIso, readTimeLocal } from './byte-fields';
import { FieldKind } from './log-format';

function digits2(buf: Uint8Array, i: number): number {
  const a = buf[i]! - 48;
  const b = buf[i + 1]! - 48;
  return a < 0 || a > 9 || b < 0 || b > 9 ? -1 : a * 10 + b;
}

/**
 * Reads time fields with a cache: consecutive lines share the date (and zone), so for
 * `$time_local` only hours, minutes and seconds are read once the day is known; other kinds
 * remember the last value's bytes. Answers epoch ms, or NaN when malformed.
 */
export class TimeReader {
  private readonly day = new Uint8Array(26);
  private dayStartMs = Number.NaN;
  private readonly last = new Uint8Array(40);
  private lastLength = -1;
  private lastMs = Number.NaN;

  read(kind: FieldKind, buf: Uint8Array, start: number, end: number): number {
    if (kind === FieldKind.TimeLocal) return this.local(buf, start, end);
    const length = end - start;
    if (length === this.lastLength) {
      let i = length - 1;
      while (i >= 0 && buf[start + i] === this.last[i]) i--;
      if (i < 0) return this.lastMs;
    }
    const ms = kind === FieldKind.TimeIso ? readTimeIso(buf, start, end) : readMsec(buf, start, end);
    if (ms === ms && length <= this.last.length) {
      this.last.set(buf.subarray(start, end));
      this.lastLength = length;
      this.lastMs = ms;
    }
    return ms;
  }

  /** `10/Oct/2000:13:55:36 -0700`: the day part (bytes 0–11) and zone (20–25) are compared with the last day seen. */
  local(buf: Uint8Array, start: number, end: number): number {
    if (end - start !== 26) return Number.NaN;
    const day = this.day;
    let same = this.dayStartMs === this.dayStartMs;
    if (same) {
      for (let i = 0; i < 12; i++) {
        if (buf[start + i] !== day[i]) {
          same = false;
          break;
        }
      }
      if (same) {
        for (let i = 20; i < 26; i++) {
          if (buf[start + i] !== day[i]) {
            same = false;
            break;
          }
        }
      }
    }
    if (same) {
      const h = digits2(buf, start + 12);
      const m = digits2(buf, start + 15);
      const s = digits2(buf, start + 18);
      if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60 || buf[start + 14] !== 0x3a || buf[start + 17] !== 0x3a) return Number.NaN;
      return this.dayStartMs + h * 3_600_000 + m * 60_000 + s * 1000;
    }
    const ms = readTimeLocal(buf, start, end);
    if (ms === ms) {
      day.set(buf.subarray(start, end));
      const h = digits2(buf, start + 12);
      const m = digits2(buf, start + 15);
      const s = digits2(buf, start + 18);
      this.dayStartMs = ms - (h * 3_600_000 + m * 60_000 + s * 1000);
    }
    return ms;
  }
}
