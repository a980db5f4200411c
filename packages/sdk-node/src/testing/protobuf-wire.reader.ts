/**
 * Just enough of the protobuf wire format to read OTLP trace requests in tests, so the specs
 * need no generated code. Unknown fields are skipped, as protobuf requires.
 */
export interface WireField {
  field: number;
  /** Length-delimited payload (wire type 2), else undefined. */
  bytes?: Buffer;
  /** Varint, fixed32 or fixed64 payload. */
  number?: bigint;
}

export function readWireFields(buffer: Buffer): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buffer[offset++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (offset < buffer.length) {
    const tag = readVarint();
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (wireType === 0) {
      fields.push({ field, number: readVarint() });
    } else if (wireType === 1) {
      fields.push({ field, number: buffer.readBigUInt64LE(offset) });
      offset += 8;
    } else if (wireType === 2) {
      const length = Number(readVarint());
      fields.push({ field, bytes: buffer.subarray(offset, offset + length) });
      offset += length;
    } else if (wireType === 5) {
      fields.push({ field, number: BigInt(buffer.readUInt32LE(offset)) });
      offset += 4;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

/** The parts of an OTLP span the specs look at. */
export interface DecodedSpan {
  serviceName: string | undefined;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 = INTERNAL, 2 = SERVER, 3 = CLIENT, 4 = PRODUCER, 5 = CONSUMER. */
  kind: number;
  attributes: Record<string, AttributeValue>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  /** The status message ('' when none). */
  statusMessage: string;
  /** Start and end, nanoseconds since the epoch. */
  startNs: bigint;
  endNs: bigint;
}

export type AttributeValue = string | number | boolean | undefined;

/** The parts of an OTLP log record the specs look at. */
export interface DecodedLogRecord {
  serviceName: string | undefined;
  body: AttributeValue;
  severityText: string;
  traceId: string;
  spanId: string;
  attributes: Record<string, AttributeValue>;
}

/** Decodes an `ExportTraceServiceRequest` body into a flat list of spans. */
export function decodeTraceRequest(body: Buffer): DecodedSpan[] {
  const spans: DecodedSpan[] = [];
  for (const resourceSpans of bytesOf(readWireFields(body), 1)) {
    const fields = readWireFields(resourceSpans);
    const resource = bytesOf(fields, 1)[0];
    const serviceName = resource === undefined ? undefined : stringAttribute(resource, 'service.name');
    for (const scopeSpans of bytesOf(fields, 2)) {
      for (const span of bytesOf(readWireFields(scopeSpans), 2)) {
        const spanFields = readWireFields(span);
        spans.push({
          serviceName,
          traceId: hexOf(spanFields, 1),
          spanId: hexOf(spanFields, 2),
          parentSpanId: hexOf(spanFields, 4),
          name: bytesOf(spanFields, 5)[0]?.toString('utf8') ?? '',
          kind: Number(spanFields.find((f) => f.field === 6)?.number ?? 0n),
          attributes: attributesOf(spanFields, 9),
          statusCode: Number(readWireFields(bytesOf(spanFields, 15)[0] ?? Buffer.alloc(0)).find((f) => f.field === 3)?.number ?? 0n),
          statusMessage: bytesOf(readWireFields(bytesOf(spanFields, 15)[0] ?? Buffer.alloc(0)), 2)[0]?.toString('utf8') ?? '',
          startNs: spanFields.find((f) => f.field === 7)?.number ?? 0n,
          endNs: spanFields.find((f) => f.field === 8)?.number ?? 0n,
        });
      }
    }
  }
  return spans;
}

/** Names of the metrics in an `ExportMetricsServiceRequest`, with the service that sent each. */
export function decodeMetricNames(body: Buffer): { serviceName: string | undefined; name: string }[] {
  const metrics: { serviceName: string | undefined; name: string }[] = [];
  for (const resourceMetrics of bytesOf(readWireFields(body), 1)) {
    const fields = readWireFields(resourceMetrics);
    const resource = bytesOf(fields, 1)[0];
    const serviceName = resource === undefined ? undefined : stringAttribute(resource, 'service.name');
    for (const scopeMetrics of bytesOf(fields, 2)) {
      for (const metric of bytesOf(readWireFields(scopeMetrics), 2)) {
        metrics.push({ serviceName, name: bytesOf(readWireFields(metric), 1)[0]?.toString('utf8') ?? '' });
      }
    }
  }
  return metrics;
}

/** Decodes an `ExportLogsServiceRequest` body into a flat list of records. */
export function decodeLogsRequest(body: Buffer): DecodedLogRecord[] {
  const records: DecodedLogRecord[] = [];
  for (const resourceLogs of bytesOf(readWireFields(body), 1)) {
    const fields = readWireFields(resourceLogs);
    const resource = bytesOf(fields, 1)[0];
    const serviceName = resource === undefined ? undefined : stringAttribute(resource, 'service.name');
    for (const scopeLogs of bytesOf(fields, 2)) {
      for (const record of bytesOf(readWireFields(scopeLogs), 2)) {
        const recordFields = readWireFields(record);
        const bodyValue = bytesOf(recordFields, 5)[0];
        records.push({
          serviceName,
          body: bodyValue === undefined ? undefined : anyValue(bodyValue),
          severityText: bytesOf(recordFields, 3)[0]?.toString('utf8') ?? '',
          traceId: hexOf(recordFields, 9),
          spanId: hexOf(recordFields, 10),
          attributes: attributesOf(recordFields, 6),
        });
      }
    }
  }
  return records;
}

function attributesOf(fields: WireField[], field: number): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const keyValue of bytesOf(fields, field)) {
    const kv = readWireFields(keyValue);
    const key = bytesOf(kv, 1)[0]?.toString('utf8');
    const value = bytesOf(kv, 2)[0];
    if (key !== undefined) attributes[key] = value === undefined ? undefined : anyValue(value);
  }
  return attributes;
}

/** An AnyValue: string (1), bool (2), int (3), double (4); arrays and maps are not needed here. */
function anyValue(buffer: Buffer): AttributeValue {
  const [value] = readWireFields(buffer);
  if (value === undefined) return undefined;
  if (value.field === 1) return value.bytes?.toString('utf8');
  if (value.field === 2) return value.number === 1n;
  if (value.field === 3) return Number(BigInt.asIntN(64, value.number ?? 0n));
  if (value.field === 4) {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(value.number ?? 0n);
    return bytes.readDoubleLE();
  }
  return undefined;
}

function stringAttribute(resource: Buffer, key: string): string | undefined {
  for (const keyValue of bytesOf(readWireFields(resource), 1)) {
    const fields = readWireFields(keyValue);
    if (bytesOf(fields, 1)[0]?.toString('utf8') !== key) continue;
    const anyValue = bytesOf(fields, 2)[0];
    return anyValue === undefined ? undefined : bytesOf(readWireFields(anyValue), 1)[0]?.toString('utf8');
  }
  return undefined;
}

function bytesOf(fields: WireField[], field: number): Buffer[] {
  return fields.filter((f) => f.field === field && f.bytes !== undefined).map((f) => f.bytes as Buffer);
}

function hexOf(fields: WireField[], field: number): string {
  return bytesOf(fields, field)[0]?.toString('hex') ?? '';
}
