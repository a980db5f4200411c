import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RawTraceRequest, spansFromRequest } from '../decode-traces';
import { parseOtlpBody } from '../otlp-body';
import { protoType } from '../proto-root';
import { readTraceRequest } from './trace-request.reader';

const type = protoType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const scalarValue = fc.oneof(
  fc.record({ stringValue: fc.string({ maxLength: 20 }) }),
  fc.record({ boolValue: fc.boolean() }),
  fc.record({ intValue: fc.integer({ min: -(2 ** 31), max: 2 ** 31 }) }),
  fc.record({ doubleValue: fc.double({ noNaN: true }) }),
  fc.record({ bytesValue: fc.uint8Array({ maxLength: 8 }) }),
);
const anyValue = fc.oneof(
  scalarValue,
  fc.record({ arrayValue: fc.record({ values: fc.array(scalarValue, { maxLength: 3 }) }) }),
  fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: fc.string({ maxLength: 5 }), value: scalarValue }), { maxLength: 3 }) }) }),
);
const keyValues = fc.array(fc.record({ key: fc.string({ minLength: 1, maxLength: 12 }), value: anyValue }), { maxLength: 6 });
const time = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
const span = fc.record(
  {
    traceId: fc.oneof(bytes(16), bytes(8)),
    spanId: bytes(8),
    parentSpanId: fc.oneof(bytes(8), bytes(0)),
    name: fc.string({ maxLength: 20 }),
    kind: fc.integer({ min: 0, max: 5 }),
    startTimeUnixNano: time,
    endTimeUnixNano: time,
    attributes: keyValues,
    events: fc.array(fc.record({ timeUnixNano: time, name: fc.string({ maxLength: 8 }), attributes: keyValues }), { maxLength: 2 }),
    links: fc.array(fc.record({ traceId: bytes(16), spanId: bytes(8), attributes: keyValues }), { maxLength: 2 }),
    status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: fc.string({ maxLength: 10 }) }),
  },
  { requiredKeys: ['traceId', 'spanId', 'startTimeUnixNano', 'endTimeUnixNano'] },
);
const request = fc.record({
  resourceSpans: fc.array(
    fc.record({
      resource: fc.record({ attributes: keyValues }),
      scopeSpans: fc.array(fc.record({ scope: fc.record({ name: fc.string({ maxLength: 10 }) }), spans: fc.array(span, { maxLength: 4 }) }), { maxLength: 2 }),
    }),
    { maxLength: 2 },
  ),
});

describe('the single-pass protobuf reader', () => {
  it('decodes exactly as protobufjs decode + toObject does, for any valid request', () => {
    fc.assert(
      fc.property(request, (value) => {
        const body = Buffer.from(type.encode(type.fromObject(value)).finish());
        const fast = spansFromRequest(readTraceRequest(body) as RawTraceRequest);
        const reference = spansFromRequest(parseOtlpBody<RawTraceRequest>(body, 'protobuf', 'traces'));
        expect(fast).toEqual(reference);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses truncated bodies and impossible wire types with a decode error', () => {
    const body = Buffer.from(type.encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: 'abc' }] }] }] })).finish());
    expect(() => readTraceRequest(body.subarray(0, body.length - 2))).toThrow(/^body is not a valid ExportTraceServiceRequest: /);
    expect(() => readTraceRequest(Buffer.from([0x0b]))).toThrow(/wire type/);
  });
});
