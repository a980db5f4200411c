import { findTraceId, readCount, readSecondsAsUs, readStatus, readUpstreamTimesUs } from './byte-fields';
import { type CompiledFormat, FieldKind } from './log-format';
import type { LineParser, ParsedLine } from './parsed-line';
import { TimeReader } from './time-reader';

const BACKSLASH = 0x5c;
const SPACE = 0x20;
const QUESTION = 0x3f;
const HASH = 0x23;

/**
 * Where `literal` next starts in buf[from, end), skipping bytes escaped by a backslash (nginx
 * writes `\x22`, escape=json writes `\"`), or -1.
 */
function findLiteral(buf: Uint8Array, from: number, end: number, literal: Uint8Array, listValued: boolean): number {
  const first = literal[0]!;
  const length = literal.length;
  const last = end - length;
  for (let i = from; i <= last; i++) {
    const b = buf[i]!;
    if (b === BACKSLASH) {
      i++;
      continue;
    }
    if (b !== first) continue;
    if (listValued && isListSeparatorSpace(buf, from, i, end)) continue;
    let k = 1;
    while (k < length && buf[i + k] === literal[k]) k++;
    if (k === length) return i;
  }
  return -1;
}

/** A space inside an upstream list (`0.1, 0.2 : 0.3`): after `,` or `:` (within the value), or before `:`. */
export function isListSeparatorSpace(buf: Uint8Array, valueStart: number, at: number, end: number): boolean {
  const previous = at > valueStart ? buf[at - 1] : -1;
  return previous === 0x2c || previous === 0x3a || (at + 1 < end && buf[at + 1] === 0x3a);
}

function matchesAt(buf: Uint8Array, at: number, literal: Uint8Array): boolean {
  for (let k = 0; k < literal.length; k++) if (buf[at + k] !== literal[k]) return false;
  return true;
}

/** Splits a request target into path (before `?`/`#`) and the whole target. */
export function setTarget(out: ParsedLine, buf: Uint8Array, start: number, end: number): void {
  let pathEnd = start;
  while (pathEnd < end && buf[pathEnd] !== QUESTION && buf[pathEnd] !== HASH) pathEnd++;
  out.pathStart = start;
  out.pathEnd = pathEnd;
  out.targetEnd = end;
}

/** `$request`: `GET /path?q HTTP/1.1`. A request without a space (garbage, `-`) keeps no method or path. */
export function setRequest(out: ParsedLine, buf: Uint8Array, start: number, end: number): void {
  let sp = start;
  while (sp < end && buf[sp] !== SPACE) sp++;
  if (sp >= end || sp === start) return;
  out.methodStart = start;
  out.methodEnd = sp;
  let targetEnd = end;
  // The protocol is the last word when it starts with "HTTP/"; otherwise (HTTP/0.9) the target runs to the end.
  let lastSpace = end - 1;
  while (lastSpace > sp && buf[lastSpace] !== SPACE) lastSpace--;
  if (lastSpace > sp && end - lastSpace > 5 && buf[lastSpace + 1] === 0x48 && buf[lastSpace + 2] === 0x54 && buf[lastSpace + 3] === 0x54 && buf[lastSpace + 4] === 0x50 && buf[lastSpace + 5] === 0x2f) {
    targetEnd = lastSpace;
  }
  setTarget(out, buf, sp + 1, targetEnd);
}

/**
 * The reference interpreter of a compiled format (the generated parser in compiled-parser.ts is
 * checked against it by a property test). Literals are matched byte for byte; a variable runs up to the
 * next occurrence of the literal that follows it (the last literal is anchored to the line end, so
 * an unescaped quote inside the last field is harmless). `$time_local` values repeat line after
 * line, so the last day is remembered (TimeReader).
 */
export class FormatLineParser implements LineParser {
  private readonly prefix: Uint8Array;
  private readonly kinds: Int32Array;
  private readonly afters: Uint8Array[];
  private readonly lists: boolean[];
  private readonly times = new TimeReader();

  constructor(format: CompiledFormat) {
    this.prefix = format.prefix;
    this.kinds = Int32Array.from(format.variables.map((v) => v.kind));
    this.afters = format.variables.map((v) => v.after);
    this.lists = format.variables.map((v) => v.listValued);
  }

  parse(buf: Uint8Array, start: number, end: number, out: ParsedLine): boolean {
    out.reset(buf);
    const prefix = this.prefix;
    if (prefix.length > 0) {
      if (end - start < prefix.length || !matchesAt(buf, start, prefix)) return false;
    }
    let p = start + prefix.length;
    const count = this.kinds.length;
    for (let v = 0; v < count; v++) {
      const after = this.afters[v]!;
      let valueEnd: number;
      if (v === count - 1) {
        valueEnd = end - after.length;
        if (valueEnd < p || (after.length > 0 && !matchesAt(buf, valueEnd, after))) return false;
      } else {
        valueEnd = findLiteral(buf, p, end, after, this.lists[v]!);
        if (valueEnd < 0) return false;
      }
      if (!this.field(this.kinds[v]!, buf, p, valueEnd, out)) return false;
      p = valueEnd + after.length;
    }
    return out.status > 0 && out.timeEpochMs === out.timeEpochMs;
  }

  private field(kind: number, buf: Uint8Array, start: number, end: number, out: ParsedLine): boolean {
    switch (kind) {
      case FieldKind.Skip:
        return true;
      case FieldKind.Request:
        setRequest(out, buf, start, end);
        return true;
      case FieldKind.Status:
        out.status = readStatus(buf, start, end);
        return out.status > 0;
      case FieldKind.Bytes: {
        const bytes = readCount(buf, start, end);
        out.bytes = bytes < 0 ? 0 : bytes;
        return true;
      }
      case FieldKind.TimeLocal:
      case FieldKind.TimeIso:
      case FieldKind.Msec:
        out.timeEpochMs = this.times.read(kind, buf, start, end);
        return out.timeEpochMs === out.timeEpochMs;
      case FieldKind.RequestTime:
        out.requestTimeUs = readSecondsAsUs(buf, start, end);
        return true;
      case FieldKind.UpstreamTime:
        out.upstreamTimeUs = readUpstreamTimesUs(buf, start, end);
        return true;
      case FieldKind.Method:
        if (end > start && !(end - start === 1 && buf[start] === 0x2d)) {
          out.methodStart = start;
          out.methodEnd = end;
        }
        return true;
      case FieldKind.RequestUri:
        if (end > start && !(end - start === 1 && buf[start] === 0x2d)) setTarget(out, buf, start, end);
        return true;
      case FieldKind.Host:
        if (end > start && !(end - start === 1 && buf[start] === 0x2d)) {
          out.hostStart = start;
          out.hostEnd = end;
        }
        return true;
      case FieldKind.TraceId:
        out.traceStart = findTraceId(buf, start, end);
        return true;
      default:
        return true;
    }
  }
}
