import { readWireFields } from './protobuf-wire.reader';

/**
 * Decodes an OTLP `ExportTraceServiceRequest` into a plain tree, every field of the OTLP trace
 * protos (opentelemetry-proto v1: trace.proto, common.proto, resource.proto) by name, so two
 * encodings can be compared field by field. Scalars at their proto3 default (0, '', false) are
 * left out, as a decoder cannot tell them from absent ones; ids and bytes become hex, 64-bit
 * numbers decimal strings (exact), doubles numbers.
 */
export function decodeTraceTree(body: Uint8Array): Tree {
  return decodeMessage(Buffer.from(body), 'ExportTraceServiceRequest');
}

export type Tree = { [field: string]: TreeValue };
type TreeValue = string | number | boolean | Tree | TreeValue[];

type FieldType = 'string' | 'bytes' | 'uint' | 'int64' | 'fixed64' | 'fixed32' | 'double' | 'bool' | `message:${string}`;
interface FieldSpec {
  name: string;
  type: FieldType;
  repeated?: boolean;
}

const SCHEMA: Record<string, Record<number, FieldSpec>> = {
  ExportTraceServiceRequest: { 1: { name: 'resourceSpans', type: 'message:ResourceSpans', repeated: true } },
  ResourceSpans: {
    1: { name: 'resource', type: 'message:Resource' },
    2: { name: 'scopeSpans', type: 'message:ScopeSpans', repeated: true },
    3: { name: 'schemaUrl', type: 'string' },
  },
  Resource: {
    1: { name: 'attributes', type: 'message:KeyValue', repeated: true },
    2: { name: 'droppedAttributesCount', type: 'uint' },
  },
  ScopeSpans: {
    1: { name: 'scope', type: 'message:InstrumentationScope' },
    2: { name: 'spans', type: 'message:Span', repeated: true },
    3: { name: 'schemaUrl', type: 'string' },
  },
  InstrumentationScope: {
    1: { name: 'name', type: 'string' },
    2: { name: 'version', type: 'string' },
    3: { name: 'attributes', type: 'message:KeyValue', repeated: true },
    4: { name: 'droppedAttributesCount', type: 'uint' },
  },
  Span: {
    1: { name: 'traceId', type: 'bytes' },
    2: { name: 'spanId', type: 'bytes' },
    3: { name: 'traceState', type: 'string' },
    4: { name: 'parentSpanId', type: 'bytes' },
    5: { name: 'name', type: 'string' },
    6: { name: 'kind', type: 'uint' },
    7: { name: 'startTimeUnixNano', type: 'fixed64' },
    8: { name: 'endTimeUnixNano', type: 'fixed64' },
    9: { name: 'attributes', type: 'message:KeyValue', repeated: true },
    10: { name: 'droppedAttributesCount', type: 'uint' },
    11: { name: 'events', type: 'message:Event', repeated: true },
    12: { name: 'droppedEventsCount', type: 'uint' },
    13: { name: 'links', type: 'message:Link', repeated: true },
    14: { name: 'droppedLinksCount', type: 'uint' },
    15: { name: 'status', type: 'message:Status' },
    16: { name: 'flags', type: 'fixed32' },
  },
  Event: {
    1: { name: 'timeUnixNano', type: 'fixed64' },
    2: { name: 'name', type: 'string' },
    3: { name: 'attributes', type: 'message:KeyValue', repeated: true },
    4: { name: 'droppedAttributesCount', type: 'uint' },
  },
  Link: {
    1: { name: 'traceId', type: 'bytes' },
    2: { name: 'spanId', type: 'bytes' },
    3: { name: 'traceState', type: 'string' },
    4: { name: 'attributes', type: 'message:KeyValue', repeated: true },
    5: { name: 'droppedAttributesCount', type: 'uint' },
    6: { name: 'flags', type: 'fixed32' },
  },
  Status: { 2: { name: 'message', type: 'string' }, 3: { name: 'code', type: 'uint' } },
  KeyValue: { 1: { name: 'key', type: 'string' }, 2: { name: 'value', type: 'message:AnyValue' } },
  AnyValue: {
    1: { name: 'stringValue', type: 'string' },
    2: { name: 'boolValue', type: 'bool' },
    3: { name: 'intValue', type: 'int64' },
    4: { name: 'doubleValue', type: 'double' },
    5: { name: 'arrayValue', type: 'message:ArrayValue' },
    6: { name: 'kvlistValue', type: 'message:KeyValueList' },
    7: { name: 'bytesValue', type: 'bytes' },
  },
  ArrayValue: { 1: { name: 'values', type: 'message:AnyValue', repeated: true } },
  KeyValueList: { 1: { name: 'values', type: 'message:KeyValue', repeated: true } },
};

function decodeMessage(buffer: Buffer, type: string): Tree {
  const schema = SCHEMA[type];
  if (schema === undefined) throw new Error(`no schema for ${type}`);
  const tree: Tree = {};
  for (const field of readWireFields(buffer)) {
    const spec = schema[field.field];
    if (spec === undefined) throw new Error(`${type}: unknown field ${field.field}`);
    const value = decodeValue(spec.type, field.bytes, field.number);
    if (value === undefined) continue;
    if (spec.repeated) ((tree[spec.name] ??= []) as TreeValue[]).push(value);
    else tree[spec.name] = value;
  }
  return tree;
}

function decodeValue(type: FieldType, bytes: Buffer | undefined, number: bigint | undefined): TreeValue | undefined {
  if (type.startsWith('message:')) return decodeMessage(bytes ?? Buffer.alloc(0), type.slice('message:'.length));
  switch (type) {
    case 'string':
      return bytes === undefined || bytes.length === 0 ? undefined : bytes.toString('utf8');
    case 'bytes':
      return bytes === undefined || bytes.length === 0 ? undefined : bytes.toString('hex');
    case 'uint':
    case 'fixed32':
      return number === undefined || number === 0n ? undefined : Number(number);
    case 'int64':
    case 'fixed64':
      return number === undefined || number === 0n ? undefined : BigInt.asIntN(64, number).toString();
    case 'bool':
      return number === undefined || number === 0n ? undefined : true;
    case 'double': {
      const raw = Buffer.alloc(8);
      raw.writeBigUInt64LE(number ?? 0n);
      const value = raw.readDoubleLE();
      return value === 0 ? undefined : value;
    }
  }
  return undefined;
}
