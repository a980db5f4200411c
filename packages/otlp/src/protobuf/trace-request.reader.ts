import { Reader } from 'protobufjs';
import { OtlpDecodeError } from '../errors';

/**
 * A single-pass reader of ExportTraceServiceRequest bytes into plain objects shaped like
 * protobufjs's `toObject` output (ids as bytes, 64-bit times as decimal strings, enums as
 * numbers). It skips protobufjs's message instances and the `toObject` copy, which were half of
 * the collector's CPU. Field numbers follow opentelemetry/proto/trace/v1/trace.proto and
 * common/v1/common.proto (see proto/); unknown fields are skipped as the protobuf rules require.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;
/** Nesting allowed inside attribute values (arrays and key-value lists). */
const MAX_VALUE_DEPTH = 16;

interface Plain {
  [key: string]: unknown;
}

function fail(message: string): never {
  throw new OtlpDecodeError(`body is not a valid ExportTraceServiceRequest: ${message}`);
}

function expectWire(actual: number, expected: number, field: string): void {
  if (actual !== expected) fail(`field ${field} has wire type ${actual}, expected ${expected}`);
}

/** A sub-message: a reader limited to the next length-delimited field. */
function sub(reader: Reader): number {
  const length = reader.uint32();
  const end = reader.pos + length;
  if (end > reader.len) fail('a length runs past the end of the body');
  return end;
}

function fixed64(reader: Reader): string {
  if (reader.pos + 8 > reader.len) fail('a fixed64 runs past the end of the body');
  const buf = reader.buf;
  const p = reader.pos;
  const low = (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
  const high = (buf[p + 4]! | (buf[p + 5]! << 8) | (buf[p + 6]! << 16) | (buf[p + 7]! << 24)) >>> 0;
  reader.pos = p + 8;
  return high === 0 ? String(low) : ((BigInt(high) << 32n) | BigInt(low)).toString();
}

function int64(reader: Reader): string {
  const value = reader.int64() as unknown;
  return typeof value === 'number' ? String(value) : String(value);
}

function anyValue(reader: Reader, end: number, depth: number): Plain {
  if (depth > MAX_VALUE_DEPTH) fail('attribute values nest too deeply');
  const out: Plain = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    switch (field) {
      case 1:
        expectWire(wire, WIRE_LENGTH, 'AnyValue.string_value');
        out['stringValue'] = reader.string();
        break;
      case 2:
        expectWire(wire, WIRE_VARINT, 'AnyValue.bool_value');
        out['boolValue'] = reader.bool();
        break;
      case 3:
        expectWire(wire, WIRE_VARINT, 'AnyValue.int_value');
        out['intValue'] = int64(reader);
        break;
      case 4:
        expectWire(wire, WIRE_FIXED64, 'AnyValue.double_value');
        out['doubleValue'] = reader.double();
        break;
      case 5: {
        expectWire(wire, WIRE_LENGTH, 'AnyValue.array_value');
        const arrayEnd = sub(reader);
        const values: Plain[] = [];
        while (reader.pos < arrayEnd) {
          const inner = reader.uint32();
          if (inner >>> 3 === 1 && (inner & 7) === WIRE_LENGTH) values.push(anyValue(reader, sub(reader), depth + 1));
          else reader.skipType(inner & 7);
        }
        out['arrayValue'] = { values };
        break;
      }
      case 6: {
        expectWire(wire, WIRE_LENGTH, 'AnyValue.kvlist_value');
        const listEnd = sub(reader);
        const values: Plain[] = [];
        while (reader.pos < listEnd) {
          const inner = reader.uint32();
          if (inner >>> 3 === 1 && (inner & 7) === WIRE_LENGTH) values.push(keyValue(reader, sub(reader), depth + 1));
          else reader.skipType(inner & 7);
        }
        out['kvlistValue'] = { values };
        break;
      }
      case 7:
        expectWire(wire, WIRE_LENGTH, 'AnyValue.bytes_value');
        out['bytesValue'] = reader.bytes();
        break;
      default:
        reader.skipType(wire);
    }
  }
  return out;
}

function keyValue(reader: Reader, end: number, depth = 0): Plain {
  const out: Plain = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === WIRE_LENGTH) out['key'] = reader.string();
    else if (field === 2 && wire === WIRE_LENGTH) out['value'] = anyValue(reader, sub(reader), depth);
    else reader.skipType(wire);
  }
  return out;
}

/** Reads `repeated KeyValue attributes` entries appended to `into`. */
function attribute(reader: Reader, wire: number, into: Plain[], field: string): void {
  expectWire(wire, WIRE_LENGTH, field);
  into.push(keyValue(reader, sub(reader)));
}

function event(reader: Reader, end: number): Plain {
  const out: Plain = {};
  const attributes: Plain[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expectWire(wire, WIRE_FIXED64, 'Event.time_unix_nano');
        out['timeUnixNano'] = fixed64(reader);
        break;
      case 2:
        expectWire(wire, WIRE_LENGTH, 'Event.name');
        out['name'] = reader.string();
        break;
      case 3:
        attribute(reader, wire, attributes, 'Event.attributes');
        break;
      default:
        reader.skipType(wire);
    }
  }
  out['attributes'] = attributes;
  return out;
}

function link(reader: Reader, end: number): Plain {
  const out: Plain = {};
  const attributes: Plain[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expectWire(wire, WIRE_LENGTH, 'Link.trace_id');
        out['traceId'] = reader.bytes();
        break;
      case 2:
        expectWire(wire, WIRE_LENGTH, 'Link.span_id');
        out['spanId'] = reader.bytes();
        break;
      case 4:
        attribute(reader, wire, attributes, 'Link.attributes');
        break;
      default:
        reader.skipType(wire);
    }
  }
  out['attributes'] = attributes;
  return out;
}

function status(reader: Reader, end: number): Plain {
  const out: Plain = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 2 && wire === WIRE_LENGTH) out['message'] = reader.string();
    else if (tag >>> 3 === 3 && wire === WIRE_VARINT) out['code'] = reader.int32();
    else reader.skipType(wire);
  }
  return out;
}

function span(reader: Reader, end: number): Plain {
  const out: Plain = {};
  const attributes: Plain[] = [];
  const events: Plain[] = [];
  const links: Plain[] = [];
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expectWire(wire, WIRE_LENGTH, 'Span.trace_id');
        out['traceId'] = reader.bytes();
        break;
      case 2:
        expectWire(wire, WIRE_LENGTH, 'Span.span_id');
        out['spanId'] = reader.bytes();
        break;
      case 4:
        expectWire(wire, WIRE_LENGTH, 'Span.parent_span_id');
        out['parentSpanId'] = reader.bytes();
        break;
      case 5:
        expectWire(wire, WIRE_LENGTH, 'Span.name');
        out['name'] = reader.string();
        break;
      case 6:
        expectWire(wire, WIRE_VARINT, 'Span.kind');
        out['kind'] = reader.int32();
        break;
      case 7:
        expectWire(wire, WIRE_FIXED64, 'Span.start_time_unix_nano');
        out['startTimeUnixNano'] = fixed64(reader);
        break;
      case 8:
        expectWire(wire, WIRE_FIXED64, 'Span.end_time_unix_nano');
        out['endTimeUnixNano'] = fixed64(reader);
        break;
      case 9:
        attribute(reader, wire, attributes, 'Span.attributes');
        break;
      case 11:
        expectWire(wire, WIRE_LENGTH, 'Span.events');
        events.push(event(reader, sub(reader)));
        break;
      case 13:
        expectWire(wire, WIRE_LENGTH, 'Span.links');
        links.push(link(reader, sub(reader)));
        break;
      case 15:
        expectWire(wire, WIRE_LENGTH, 'Span.status');
        out['status'] = status(reader, sub(reader));
        break;
      default:
        reader.skipType(wire);
    }
  }
  out['attributes'] = attributes;
  out['events'] = events;
  out['links'] = links;
  return out;
}

function scopeSpans(reader: Reader, end: number): Plain {
  const spans: Plain[] = [];
  const out: Plain = { spans };
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === WIRE_LENGTH) {
      const scopeEnd = sub(reader);
      const scope: Plain = {};
      while (reader.pos < scopeEnd) {
        const inner = reader.uint32();
        if (inner >>> 3 === 1 && (inner & 7) === WIRE_LENGTH) scope['name'] = reader.string();
        else reader.skipType(inner & 7);
      }
      out['scope'] = scope;
    } else if (tag >>> 3 === 2) {
      expectWire(wire, WIRE_LENGTH, 'ScopeSpans.spans');
      spans.push(span(reader, sub(reader)));
    } else reader.skipType(wire);
  }
  return out;
}

function resourceSpans(reader: Reader, end: number): Plain {
  const scopes: Plain[] = [];
  const out: Plain = { scopeSpans: scopes };
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === WIRE_LENGTH) {
      const resourceEnd = sub(reader);
      const attributes: Plain[] = [];
      while (reader.pos < resourceEnd) {
        const inner = reader.uint32();
        if (inner >>> 3 === 1) attribute(reader, inner & 7, attributes, 'Resource.attributes');
        else reader.skipType(inner & 7);
      }
      out['resource'] = { attributes };
    } else if (tag >>> 3 === 2) {
      expectWire(wire, WIRE_LENGTH, 'ResourceSpans.scope_spans');
      scopes.push(scopeSpans(reader, sub(reader)));
    } else reader.skipType(wire);
  }
  return out;
}

/** Reads a whole ExportTraceServiceRequest. Throws OtlpDecodeError on malformed bytes. */
export function readTraceRequest(body: Uint8Array): { resourceSpans: Plain[] } {
  const reader = Reader.create(body);
  const list: Plain[] = [];
  try {
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      const wire = tag & 7;
      if (tag >>> 3 === 1) {
        expectWire(wire, WIRE_LENGTH, 'ExportTraceServiceRequest.resource_spans');
        list.push(resourceSpans(reader, sub(reader)));
      } else {
        if (wire === 3 || wire === 4 || wire > WIRE_FIXED32) fail(`invalid wire type ${wire}`);
        reader.skipType(wire);
      }
    }
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    fail((error as Error).message);
  }
  if (reader.pos !== reader.len) fail('a field runs past the end of the body');
  return { resourceSpans: list };
}
