import {
  type AttributeValue,
  type Attributes,
  type SpanEvent,
  type SpanKind,
  type SpanLink,
  type SpanRecord,
  type SpanStatusCode,
  asDurationNs,
  asEpochNs,
  normaliseResourceAttributes,
  normaliseSpanAttributes,
} from '@linkscope/domain';
import { type RawAnyValue, type TruncationCounter, clip, convertAnyValue } from '../any-value';
import type { DecodedTraces, SpanRejectReason } from '../decode-traces';
import { OtlpDecodeError } from '../errors';
import type { SpanLimits } from '../limits';
import { serviceNameOf } from '../resource';

/**
 * ExportTraceServiceRequest protobuf bytes → span records, in one walk over the bytes: no
 * message objects, no plain-object copy of the request, ids and strings cut straight from the
 * body. The result is exactly what `spansFromRequest` makes of the same request read by
 * protobufjs (a property test holds the two together); it is the collector's hottest path.
 *
 * A span is read twice: a first walk over its fields finds the ids, times, kind, name and status
 * and skips the rest; only a span that passes validation is walked again for its attributes,
 * events and links, so a rejected span costs no conversions and counts no truncations.
 *
 * Field numbers follow opentelemetry/proto/trace/v1/trace.proto and common/v1/common.proto (see
 * proto/); unknown fields, groups included, are skipped as the protobuf rules require.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;
const WIRE_FIXED32 = 5;
/** Nesting allowed inside attribute values (arrays and key-value lists) and unknown groups. */
const MAX_DEPTH = 16;
const TWO_32 = 4294967296;

const KINDS: readonly SpanKind[] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS: readonly SpanStatusCode[] = ['unset', 'ok', 'error'];

function fail(message: string): never {
  throw new OtlpDecodeError(`body is not a valid ExportTraceServiceRequest: ${message}`);
}

/**
 * Node's own Buffer slicers, which `toString(encoding, start, end)` calls after normalising its
 * arguments — for the short strings of a span that normalising costs as much as the slicing
 * (protobufjs reads strings the same way).
 */
interface SlicingBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
  base64Slice(start: number, end: number): string;
}

/** Where the walk is: the body and the read position. One per request. */
class Cursor {
  pos = 0;
  constructor(readonly buf: SlicingBuffer) {}

  /** A varint's low 32 bits, unsigned (tags, lengths, enums, bools), as protobufjs reads it. */
  uint32(end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= end) fail('a varint runs past the end of its message');
      const byte = buf[pos++]!;
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    // Bytes six to ten of a 64-bit varint carry nothing a 32-bit reader keeps.
    for (let i = 0; i < 5; i++) {
      if (pos >= end) fail('a varint runs past the end of its message');
      if (buf[pos++]! < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    return fail('a varint is longer than ten bytes');
  }

  /** A signed 64-bit varint as the nearest number (what the decimal string would convert to). */
  int64(end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    let low = 0;
    let high = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) fail('a varint runs past the end of its message');
      const byte = buf[pos++]!;
      if (i < 4) low |= (byte & 0x7f) << (7 * i);
      else if (i === 4) {
        low |= (byte & 0x0f) << 28;
        high |= (byte & 0x7f) >> 4;
      } else high |= (byte & 0x7f) << (7 * i - 32);
      if (byte < 0x80) {
        this.pos = pos;
        return (high | 0) * TWO_32 + (low >>> 0);
      }
    }
    return fail('a varint is longer than ten bytes');
  }

  /** The end of a length-delimited field that starts here. */
  lengthEnd(end: number): number {
    const length = this.uint32(end);
    const fieldEnd = this.pos + length;
    if (fieldEnd > end) fail('a length runs past the end of its message');
    return fieldEnd;
  }

  /**
   * Steps over a length-delimited field, its wire type checked, and returns where its bytes start;
   * they end where the cursor now is.
   */
  delimited(wire: number, end: number, field: string): number {
    expectWire(wire, WIRE_LENGTH, field);
    const fieldEnd = this.lengthEnd(end);
    const start = this.pos;
    this.pos = fieldEnd;
    return start;
  }

  string(end: number): string {
    const fieldEnd = this.lengthEnd(end);
    const value = this.buf.utf8Slice(this.pos, fieldEnd);
    this.pos = fieldEnd;
    return value;
  }

  double(end: number): number {
    if (this.pos + 8 > end) fail('a fixed64 runs past the end of its message');
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Skips a field of the given wire type (groups by walking to their end tag). */
  skip(wire: number, end: number, depth = 0): void {
    switch (wire) {
      case WIRE_VARINT:
        this.int64(end);
        return;
      case WIRE_FIXED64:
        this.advance(8, end);
        return;
      case WIRE_LENGTH:
        this.pos = this.lengthEnd(end);
        return;
      case WIRE_START_GROUP:
        if (depth >= MAX_DEPTH) fail('groups nest too deeply');
        for (;;) {
          const tag = this.uint32(end);
          if ((tag & 7) === WIRE_END_GROUP) return;
          this.skip(tag & 7, end, depth + 1);
        }
      case WIRE_FIXED32:
        this.advance(4, end);
        return;
      default:
        fail(`invalid wire type ${wire} at offset ${this.pos}`);
    }
  }

  private advance(bytes: number, end: number): void {
    if (this.pos + bytes > end) fail('a fixed-size field runs past the end of its message');
    this.pos += bytes;
  }
}

/**
 * Attribute keys seen lately, by a hash of their bytes: every span of a batch repeats the same few
 * dozen keys, and a key found here costs a hash and a compare instead of a UTF-8 decode (and comes
 * back as the string V8 already uses as a property name). Bounded: a slot holds one key of at most
 * KEY_CACHE_MAX_BYTES bytes, and a colliding key replaces it.
 */
const KEY_CACHE_SLOTS = 512;
const KEY_CACHE_MAX_BYTES = 64;
const keyCacheBytes: (Buffer | undefined)[] = new Array<Buffer | undefined>(KEY_CACHE_SLOTS).fill(undefined);
const keyCacheStrings: string[] = new Array<string>(KEY_CACHE_SLOTS).fill('');

function attributeKey(cursor: Cursor, end: number): string {
  const fieldEnd = cursor.lengthEnd(end);
  const buf = cursor.buf;
  const start = cursor.pos;
  cursor.pos = fieldEnd;
  const length = fieldEnd - start;
  if (length > KEY_CACHE_MAX_BYTES) return buf.utf8Slice(start, fieldEnd);
  let hash = length;
  for (let i = start; i < fieldEnd; i++) hash = Math.imul(hash ^ buf[i]!, 16777619);
  const slot = (hash >>> 0) & (KEY_CACHE_SLOTS - 1);
  const cached = keyCacheBytes[slot];
  if (cached !== undefined && cached.length === length) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (cached[i] !== buf[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return keyCacheStrings[slot]!;
  }
  const key = buf.utf8Slice(start, fieldEnd);
  keyCacheBytes[slot] = Buffer.from(buf.subarray(start, fieldEnd));
  keyCacheStrings[slot] = key;
  return key;
}

function expectWire(actual: number, expected: number, field: string): void {
  if (actual !== expected) fail(`field ${field} has wire type ${actual}, expected ${expected}`);
}

/** Lower-case hex of the id bytes `[start, end)`, or null when not `bytes` long or all zero. */
function hexId(buf: SlicingBuffer, start: number, end: number, bytes: number): string | null {
  if (end - start !== bytes) return null;
  for (let i = start; i < end; i++) if (buf[i] !== 0) return buf.hexSlice(start, end);
  return null;
}

/** Decimal text of an unsigned 64-bit value given as two 32-bit halves. */
function decimal64(high: number, low: number): string {
  return high === 0 ? String(low) : ((BigInt(high) << 32n) | BigInt(low)).toString();
}

/** Steps over a fixed64 field, its wire type checked, and returns where its eight bytes start. */
function fixed64At(cursor: Cursor, wire: number, end: number, field: string): number {
  expectWire(wire, WIRE_FIXED64, field);
  const pos = cursor.pos;
  if (pos + 8 > end) fail(`field ${field} runs past the end of its message`);
  cursor.pos = pos + 8;
  return pos;
}

// --- Attribute values --------------------------------------------------------------------------

/**
 * An AnyValue holding an array or key-value list, read into the plain shape `convertAnyValue`
 * takes: these nest and have no flat form, so they share the JSON path's conversion. Rare.
 */
function plainAnyValue(cursor: Cursor, end: number, depth: number): RawAnyValue {
  if (depth > MAX_DEPTH) fail('attribute values nest too deeply');
  const out: RawAnyValue = {};
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expectWire(wire, WIRE_LENGTH, 'AnyValue.string_value');
        out.stringValue = cursor.string(end);
        break;
      case 2:
        expectWire(wire, WIRE_VARINT, 'AnyValue.bool_value');
        out.boolValue = cursor.uint32(end) !== 0;
        break;
      case 3:
        expectWire(wire, WIRE_VARINT, 'AnyValue.int_value');
        out.intValue = cursor.int64(end);
        break;
      case 4:
        expectWire(wire, WIRE_FIXED64, 'AnyValue.double_value');
        out.doubleValue = cursor.double(end);
        break;
      case 5: {
        expectWire(wire, WIRE_LENGTH, 'AnyValue.array_value');
        const listEnd = cursor.lengthEnd(end);
        const values: RawAnyValue[] = [];
        while (cursor.pos < listEnd) {
          const inner = cursor.uint32(listEnd);
          if (inner >>> 3 === 1 && (inner & 7) === WIRE_LENGTH) values.push(plainAnyValue(cursor, cursor.lengthEnd(listEnd), depth + 1));
          else cursor.skip(inner & 7, listEnd);
        }
        out.arrayValue = { values };
        break;
      }
      case 6: {
        expectWire(wire, WIRE_LENGTH, 'AnyValue.kvlist_value');
        const listEnd = cursor.lengthEnd(end);
        const values: { key?: string; value?: RawAnyValue }[] = [];
        while (cursor.pos < listEnd) {
          const inner = cursor.uint32(listEnd);
          if (inner >>> 3 === 1 && (inner & 7) === WIRE_LENGTH) values.push(plainKeyValue(cursor, cursor.lengthEnd(listEnd), depth + 1));
          else cursor.skip(inner & 7, listEnd);
        }
        out.kvlistValue = { values };
        break;
      }
      case 7: {
        expectWire(wire, WIRE_LENGTH, 'AnyValue.bytes_value');
        const bytesEnd = cursor.lengthEnd(end);
        out.bytesValue = cursor.buf.base64Slice(cursor.pos, bytesEnd);
        cursor.pos = bytesEnd;
        break;
      }
      default:
        cursor.skip(wire, end);
    }
  }
  return out;
}

function plainKeyValue(cursor: Cursor, end: number, depth: number): { key?: string; value?: RawAnyValue } {
  const out: { key?: string; value?: RawAnyValue } = {};
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === WIRE_LENGTH) out.key = cursor.string(end);
    else if (tag >>> 3 === 2 && wire === WIRE_LENGTH) out.value = plainAnyValue(cursor, cursor.lengthEnd(end), depth);
    else cursor.skip(wire, end);
  }
  return out;
}

/**
 * The AnyValue at `[cursor.pos, end)` as a flat attribute value, or undefined when it holds
 * nothing. Scalars are read in place; arrays and lists go through `convertAnyValue`. When a value
 * carries more than one field (never from a conforming sender) the precedence is
 * `convertAnyValue`'s, so both paths agree.
 */
function attributeValue(cursor: Cursor, end: number, limits: SpanLimits, counter: TruncationCounter): AttributeValue | undefined {
  const start = cursor.pos;
  const buf = cursor.buf;
  let stringStart = -1;
  let stringEnd = -1;
  let bool: boolean | undefined;
  let int: number | undefined;
  let double: number | undefined;
  let bytesStart = -1;
  let bytesEnd = -1;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        stringStart = cursor.delimited(wire, end, 'AnyValue.string_value');
        stringEnd = cursor.pos;
        break;
      case 2:
        expectWire(wire, WIRE_VARINT, 'AnyValue.bool_value');
        bool = cursor.uint32(end) !== 0;
        break;
      case 3:
        expectWire(wire, WIRE_VARINT, 'AnyValue.int_value');
        int = cursor.int64(end);
        break;
      case 4:
        expectWire(wire, WIRE_FIXED64, 'AnyValue.double_value');
        double = cursor.double(end);
        break;
      case 5:
      case 6:
        // An array or a list: read the whole value again the general way.
        cursor.pos = start;
        return convertAnyValue(plainAnyValue(cursor, end, 0), limits, counter);
      case 7:
        bytesStart = cursor.delimited(wire, end, 'AnyValue.bytes_value');
        bytesEnd = cursor.pos;
        break;
      default:
        cursor.skip(wire, end);
    }
  }
  if (stringStart >= 0) return clip(buf.utf8Slice(stringStart, stringEnd), limits, counter);
  if (bool !== undefined) return bool;
  if (int !== undefined) return int;
  if (double !== undefined) return double;
  if (bytesStart >= 0) return clip(buf.base64Slice(bytesStart, bytesEnd), limits, counter);
  return undefined;
}

/**
 * One `KeyValue` entry added to `into`, with `convertAttributes`'s rules: first key wins, empty
 * keys and `__proto__` are ignored, at most `maxAttributesPerSpan` kept (the rest counted).
 * Returns how many entries `into` holds now.
 */
function addAttribute(cursor: Cursor, end: number, into: Attributes, kept: number, limits: SpanLimits, counter: TruncationCounter): number {
  let key: string | undefined;
  let valueStart = -1;
  let valueEnd = -1;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === WIRE_LENGTH) key = attributeKey(cursor, end);
    else if (tag >>> 3 === 2 && wire === WIRE_LENGTH) {
      valueEnd = cursor.lengthEnd(end);
      valueStart = cursor.pos;
      cursor.pos = valueEnd;
    } else cursor.skip(wire, end);
  }
  if (!key || key === '__proto__' || Object.hasOwn(into, key)) return kept;
  if (kept >= limits.maxAttributesPerSpan) {
    counter.attributesDropped++;
    return kept;
  }
  if (valueStart < 0) return kept;
  cursor.pos = valueStart;
  const value = attributeValue(cursor, valueEnd, limits, counter);
  cursor.pos = end;
  if (value === undefined) return kept;
  into[key] = value;
  return kept + 1;
}

// --- Messages ----------------------------------------------------------------------------------

/** A `Resource` message's attributes. */
function resourceAttributes(cursor: Cursor, end: number, limits: SpanLimits, counter: TruncationCounter): Attributes {
  const attributes: Attributes = {};
  let kept = 0;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    if (tag >>> 3 === 1) {
      expectWire(wire, WIRE_LENGTH, 'Resource.attributes');
      const entryEnd = cursor.lengthEnd(end);
      kept = addAttribute(cursor, entryEnd, attributes, kept, limits, counter);
    } else cursor.skip(wire, end);
  }
  return attributes;
}

/** An `InstrumentationScope` message's name. */
function scopeName(cursor: Cursor, end: number): string {
  let name = '';
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    if (tag >>> 3 === 1 && (tag & 7) === WIRE_LENGTH) name = cursor.string(end);
    else cursor.skip(tag & 7, end);
  }
  return name;
}

/** An event's attributes, name and time (the span's start when it has none). */
function event(cursor: Cursor, end: number, spanStart: string, limits: SpanLimits, counter: TruncationCounter): SpanEvent {
  let time = spanStart;
  let name = '';
  const attributes: Attributes = {};
  let kept = 0;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        const at = fixed64At(cursor, wire, end, 'Event.time_unix_nano');
        time = decimal64(cursor.buf.readUInt32LE(at + 4), cursor.buf.readUInt32LE(at));
        break;
      }
      case 2:
        expectWire(wire, WIRE_LENGTH, 'Event.name');
        name = cursor.string(end);
        break;
      case 3: {
        expectWire(wire, WIRE_LENGTH, 'Event.attributes');
        const entryEnd = cursor.lengthEnd(end);
        kept = addAttribute(cursor, entryEnd, attributes, kept, limits, counter);
        break;
      }
      default:
        cursor.skip(wire, end);
    }
  }
  return { timeEpochNs: asEpochNs(time), name: name.slice(0, limits.maxNameLength), attributes };
}

/** A link, or null when its ids are not valid (such links are dropped, their attributes unread). */
function link(cursor: Cursor, end: number, limits: SpanLimits, counter: TruncationCounter): SpanLink | null {
  const buf = cursor.buf;
  const start = cursor.pos;
  let traceStart = -1;
  let traceEnd = -1;
  let spanStart = -1;
  let spanEnd = -1;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        traceStart = cursor.delimited(wire, end, 'Link.trace_id');
        traceEnd = cursor.pos;
        break;
      case 2:
        spanStart = cursor.delimited(wire, end, 'Link.span_id');
        spanEnd = cursor.pos;
        break;
      case 4:
        cursor.delimited(wire, end, 'Link.attributes');
        break;
      default:
        cursor.skip(wire, end);
    }
  }
  const traceId = traceStart < 0 ? null : hexId(buf, traceStart, traceEnd, 16);
  const spanId = spanStart < 0 ? null : hexId(buf, spanStart, spanEnd, 8);
  if (!traceId || !spanId) return null;
  const attributes: Attributes = {};
  let kept = 0;
  cursor.pos = start;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    if (tag >>> 3 === 4) {
      const entryEnd = cursor.lengthEnd(end);
      kept = addAttribute(cursor, entryEnd, attributes, kept, limits, counter);
    } else cursor.skip(tag & 7, end);
  }
  return { traceId, spanId, attributes };
}

const NO_STATUS = { code: 'unset', message: '' } as const satisfies { code: SpanStatusCode; message: string };

/** A `Status` message at `[start, end)`. */
function spanStatus(cursor: Cursor, start: number, end: number): { code: SpanStatusCode; message: string } {
  let code: SpanStatusCode = 'unset';
  let message = '';
  cursor.pos = start;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    if (tag >>> 3 === 2 && wire === WIRE_LENGTH) message = cursor.string(end);
    else if (tag >>> 3 === 3 && wire === WIRE_VARINT) code = STATUS[cursor.uint32(end) | 0] ?? 'unset';
    else cursor.skip(wire, end);
  }
  return { code, message };
}

/**
 * The second walk over a valid span's fields at `[start, end)`: its attributes, and its first
 * `maxEventsPerSpan` events and `maxLinksPerSpan` links, added to `into`.
 */
function spanDetails(
  cursor: Cursor,
  start: number,
  end: number,
  startNs: string,
  limits: SpanLimits,
  counter: TruncationCounter,
  into: { attributes: Attributes; events: SpanEvent[]; links: SpanLink[] },
): void {
  let kept = 0;
  let eventsSeen = 0;
  let linksSeen = 0;
  cursor.pos = start;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    switch (tag >>> 3) {
      case 9: {
        const entryEnd = cursor.lengthEnd(end);
        kept = addAttribute(cursor, entryEnd, into.attributes, kept, limits, counter);
        break;
      }
      case 11: {
        const eventEnd = cursor.lengthEnd(end);
        if (eventsSeen++ < limits.maxEventsPerSpan) into.events.push(event(cursor, eventEnd, startNs, limits, counter));
        cursor.pos = eventEnd;
        break;
      }
      case 13: {
        const linkEnd = cursor.lengthEnd(end);
        if (linksSeen++ < limits.maxLinksPerSpan) {
          const read = link(cursor, linkEnd, limits, counter);
          if (read) into.links.push(read);
        }
        cursor.pos = linkEnd;
        break;
      }
      default:
        cursor.skip(tag & 7, end);
    }
  }
}

/** What one request decodes to, filled as the walk goes. */
interface Collected {
  readonly spans: SpanRecord[];
  rejected: number;
  readonly rejectReasons: Partial<Record<SpanRejectReason, number>>;
  readonly truncation: TruncationCounter;
}

function reject(into: Collected, reason: SpanRejectReason): void {
  into.rejected++;
  into.rejectReasons[reason] = (into.rejectReasons[reason] ?? 0) + 1;
}

/**
 * One `Span` message at `[cursor.pos, end)`: validated from its ids and times, then (when valid)
 * read whole into a record.
 */
function span(cursor: Cursor, end: number, resource: Attributes, serviceName: string, scope: string, limits: SpanLimits, into: Collected): void {
  const buf = cursor.buf;
  const start = cursor.pos;
  let traceStart = -1;
  let traceEnd = -1;
  let spanStart = -1;
  let spanEnd = -1;
  let parentStart = -1;
  let parentEnd = -1;
  let nameStart = -1;
  let nameEnd = -1;
  let kind = 0;
  let startHigh = -1;
  let startLow = 0;
  let endHigh = -1;
  let endLow = 0;
  let statusStart = -1;
  let statusEnd = -1;
  let hasDetails = false;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        traceStart = cursor.delimited(wire, end, 'Span.trace_id');
        traceEnd = cursor.pos;
        break;
      case 2:
        spanStart = cursor.delimited(wire, end, 'Span.span_id');
        spanEnd = cursor.pos;
        break;
      case 4:
        parentStart = cursor.delimited(wire, end, 'Span.parent_span_id');
        parentEnd = cursor.pos;
        break;
      case 5:
        nameStart = cursor.delimited(wire, end, 'Span.name');
        nameEnd = cursor.pos;
        break;
      case 6:
        expectWire(wire, WIRE_VARINT, 'Span.kind');
        kind = cursor.uint32(end) | 0;
        break;
      case 7: {
        const at = fixed64At(cursor, wire, end, 'Span.start_time_unix_nano');
        startLow = buf.readUInt32LE(at);
        startHigh = buf.readUInt32LE(at + 4);
        break;
      }
      case 8: {
        const at = fixed64At(cursor, wire, end, 'Span.end_time_unix_nano');
        endLow = buf.readUInt32LE(at);
        endHigh = buf.readUInt32LE(at + 4);
        break;
      }
      case 9:
        cursor.delimited(wire, end, 'Span.attributes');
        hasDetails = true;
        break;
      case 11:
        cursor.delimited(wire, end, 'Span.events');
        hasDetails = true;
        break;
      case 13:
        cursor.delimited(wire, end, 'Span.links');
        hasDetails = true;
        break;
      case 15:
        statusStart = cursor.delimited(wire, end, 'Span.status');
        statusEnd = cursor.pos;
        break;
      default:
        cursor.skip(wire, end);
    }
  }

  const traceId = traceStart < 0 ? null : hexId(buf, traceStart, traceEnd, 16);
  if (!traceId) return reject(into, 'invalid_trace_id');
  const spanId = spanStart < 0 ? null : hexId(buf, spanStart, spanEnd, 8);
  if (!spanId) return reject(into, 'invalid_span_id');
  let parentSpanId: string | null = null;
  if (parentEnd > parentStart) {
    parentSpanId = hexId(buf, parentStart, parentEnd, 8);
    if (!parentSpanId) return reject(into, 'invalid_parent_span_id');
  }
  if (startHigh < 0 || endHigh < 0 || (startHigh === 0 && startLow === 0)) return reject(into, 'invalid_time');
  if (endHigh < startHigh || (endHigh === startHigh && endLow < startLow)) return reject(into, 'end_before_start');
  const startNs = decimal64(startHigh, startLow);

  const status = statusStart < 0 ? NO_STATUS : spanStatus(cursor, statusStart, statusEnd);
  const attributes: Attributes = {};
  const events: SpanEvent[] = [];
  const links: SpanLink[] = [];
  if (hasDetails) spanDetails(cursor, start, end, startNs, limits, into.truncation, { attributes, events, links });
  cursor.pos = end;

  const spanKind = KINDS[kind] ?? 'internal';
  into.spans.push({
    traceId,
    spanId,
    parentSpanId,
    name: nameStart < 0 ? '' : buf.utf8Slice(nameStart, nameEnd).slice(0, limits.maxNameLength),
    kind: spanKind,
    serviceName,
    startEpochNs: asEpochNs(startNs),
    durationNs: asDurationNs((endHigh - startHigh) * TWO_32 + (endLow - startLow)),
    statusCode: status.code,
    statusMessage: status.message.slice(0, limits.maxAttributeValueLength),
    attributes: normaliseSpanAttributes(attributes, spanKind),
    resourceAttributes: resource,
    scopeName: scope,
    events,
    links,
  });
}

/**
 * Where the last field numbered `field` (length-delimited) of the message at
 * `[cursor.pos, end)` lies, or null. A message's parts may come in any order; the resource and
 * the scope must be known before the spans that follow them are read.
 */
function lastField(cursor: Cursor, end: number, field: number, name: string): [start: number, end: number] | null {
  const start = cursor.pos;
  let found: [number, number] | null = null;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    if (tag >>> 3 === field) {
      expectWire(tag & 7, WIRE_LENGTH, name);
      const fieldEnd = cursor.lengthEnd(end);
      found = [cursor.pos, fieldEnd];
      cursor.pos = fieldEnd;
    } else cursor.skip(tag & 7, end);
  }
  cursor.pos = start;
  return found;
}

function scopeSpans(cursor: Cursor, end: number, resource: Attributes, serviceName: string, limits: SpanLimits, into: Collected): void {
  const scopeAt = lastField(cursor, end, 1, 'ScopeSpans.scope');
  let scope = '';
  if (scopeAt) {
    const resume = cursor.pos;
    cursor.pos = scopeAt[0];
    scope = scopeName(cursor, scopeAt[1]);
    cursor.pos = resume;
  }
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    if (tag >>> 3 === 2) {
      expectWire(wire, WIRE_LENGTH, 'ScopeSpans.spans');
      const spanEnd = cursor.lengthEnd(end);
      span(cursor, spanEnd, resource, serviceName, scope, limits, into);
    } else cursor.skip(wire, end);
  }
}

function resourceSpans(cursor: Cursor, end: number, limits: SpanLimits, into: Collected): void {
  const resourceAt = lastField(cursor, end, 1, 'ResourceSpans.resource');
  let resource: Attributes = {};
  if (resourceAt) {
    const resume = cursor.pos;
    cursor.pos = resourceAt[0];
    resource = resourceAttributes(cursor, resourceAt[1], limits, into.truncation);
    cursor.pos = resume;
  }
  resource = normaliseResourceAttributes(resource);
  const serviceName = serviceNameOf(resource);
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    if (tag >>> 3 === 2) {
      expectWire(wire, WIRE_LENGTH, 'ResourceSpans.scope_spans');
      const scopeEnd = cursor.lengthEnd(end);
      scopeSpans(cursor, scopeEnd, resource, serviceName, limits, into);
    } else cursor.skip(wire, end);
  }
}

/**
 * Decodes ExportTraceServiceRequest bytes into validated, normalised span records. Throws
 * OtlpDecodeError when the bytes are not a readable request; invalid spans are dropped and
 * counted by reason, as in `spansFromRequest`.
 */
export function decodeTraceProtobuf(body: Uint8Array, limits: SpanLimits): DecodedTraces {
  const buf = (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)) as SlicingBuffer;
  const cursor = new Cursor(buf);
  const into: Collected = { spans: [], rejected: 0, rejectReasons: {}, truncation: { attributesDropped: 0, valuesTruncated: 0 } };
  const end = buf.length;
  while (cursor.pos < end) {
    const tag = cursor.uint32(end);
    const wire = tag & 7;
    if (tag >>> 3 === 1) {
      expectWire(wire, WIRE_LENGTH, 'ExportTraceServiceRequest.resource_spans');
      const resourceEnd = cursor.lengthEnd(end);
      resourceSpans(cursor, resourceEnd, limits, into);
    } else {
      if (wire === WIRE_END_GROUP || wire > WIRE_FIXED32) fail(`invalid wire type ${wire}`);
      cursor.skip(wire, end);
    }
  }
  return into;
}
