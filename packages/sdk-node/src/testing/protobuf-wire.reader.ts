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
  /** OTLP SpanKind: 2 = SERVER, 3 = CLIENT. */
  kind: number;
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
        });
      }
    }
  }
  return spans;
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
