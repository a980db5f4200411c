/**
 * One parsed line, reused for every line so the hot path allocates nothing: text fields are
 * offsets into `buf` (the read buffer, or a parser's scratch buffer), numbers are plain fields.
 * Offsets of -1 mean the field is absent.
 */
export class ParsedLine {
  buf: Uint8Array = new Uint8Array(0);
  /** Epoch milliseconds of the line's time field. */
  timeEpochMs = 0;
  /** 100–599. */
  status = 0;
  /** Body bytes sent (0 for `-`). */
  bytes = 0;
  /** Request time in µs, -1 when the format has none or the value is `-`. */
  requestTimeUs = -1;
  /** Sum of the upstream response times in µs, -1 when there was no upstream. */
  upstreamTimeUs = -1;
  methodStart = -1;
  methodEnd = -1;
  /** The request target's path: up to `?` or `#`. */
  pathStart = -1;
  pathEnd = -1;
  /** The whole request target, query included. */
  targetEnd = -1;
  hostStart = -1;
  hostEnd = -1;
  /** Start of 32 hex digits of a trace id, -1 when the line has none. */
  traceStart = -1;

  reset(buf: Uint8Array): void {
    this.buf = buf;
    this.timeEpochMs = Number.NaN;
    this.status = -1;
    this.bytes = 0;
    this.requestTimeUs = -1;
    this.upstreamTimeUs = -1;
    this.methodStart = -1;
    this.methodEnd = -1;
    this.pathStart = -1;
    this.pathEnd = -1;
    this.targetEnd = -1;
    this.hostStart = -1;
    this.hostEnd = -1;
    this.traceStart = -1;
  }
}

/** Turns bytes [start, end) of one line into fields. False when the line does not fit the format. */
export interface LineParser {
  parse(buf: Uint8Array, start: number, end: number, out: ParsedLine): boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Text of a byte range as UTF-8 (invalid sequences become U+FFFD). */
export function textOf(buf: Uint8Array, start: number, end: number): string {
  if (start < 0 || end <= start) return '';
  return decoder.decode(buf.subarray(start, end));
}

/** The line's trace id as lower-case hex, or null. */
export function traceIdOf(line: ParsedLine): string | null {
  return line.traceStart < 0 ? null : textOf(line.buf, line.traceStart, line.traceStart + 32).toLowerCase();
}
