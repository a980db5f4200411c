import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RawTraceRequest, spansFromRequest } from '../decode-traces';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from '../limits';
import { parseOtlpBody } from '../otlp-body';
import { protoType } from '../proto-root';
import { decodeTraceProtobuf } from './trace-spans.decoder';

const type = protoType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
const encode = (value: object): Buffer => Buffer.from(type.encode(type.fromObject(value)).finish());

/** The reference: protobufjs's own decode and `toObject`, then the shared validation and normalisation. */
const reference = (body: Buffer, limits: SpanLimits) => spansFromRequest(parseOtlpBody<RawTraceRequest>(body, 'protobuf', 'traces'), limits);

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
// Any Unicode text, so the UTF-8 reading is held to protobufjs's.
const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
const scalarValue = fc.oneof(
  fc.record({ stringValue: text(20) }),
  fc.record({ boolValue: fc.boolean() }),
  fc.record({ intValue: fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String)) }),
  fc.record({ doubleValue: fc.double({ noNaN: true }) }),
  fc.record({ bytesValue: fc.uint8Array({ maxLength: 8 }) }),
  fc.constant({}),
);
const anyValue = fc.oneof(
  scalarValue,
  fc.record({ arrayValue: fc.record({ values: fc.array(scalarValue, { maxLength: 3 }) }) }),
  fc.record({ kvlistValue: fc.record({ values: fc.array(fc.record({ key: fc.string({ maxLength: 5 }), value: scalarValue }), { maxLength: 3 }) }) }),
);
// Keys from a small set as well, so duplicates, `__proto__` and deprecated names (renamed by normalisation) occur.
const key = fc.oneof(fc.string({ minLength: 0, maxLength: 12 }), fc.constantFrom('a', 'b', '__proto__', 'http.method', 'http.request.method', 'db.system', 'db.statement', 'http.target', 'net.peer.name'));
const keyValues = fc.array(fc.record({ key, value: anyValue }, { requiredKeys: ['key'] }), { maxLength: 8 });
const time = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 1_700_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }), fc.constant(0n)).map(String);
const span = fc.record(
  {
    traceId: fc.oneof(bytes(16), bytes(8), fc.constant(new Uint8Array(16))),
    spanId: fc.oneof(bytes(8), bytes(4)),
    parentSpanId: fc.oneof(bytes(8), bytes(0), bytes(3)),
    name: text(20),
    kind: fc.integer({ min: -1, max: 7 }),
    startTimeUnixNano: time,
    endTimeUnixNano: time,
    attributes: keyValues,
    events: fc.array(fc.record({ timeUnixNano: time, name: text(8), attributes: keyValues }, { requiredKeys: ['name'] }), { maxLength: 3 }),
    links: fc.array(fc.record({ traceId: fc.oneof(bytes(16), bytes(2)), spanId: bytes(8), attributes: keyValues }), { maxLength: 3 }),
    status: fc.record({ code: fc.integer({ min: 0, max: 3 }), message: text(10) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const request = fc.record({
  resourceSpans: fc.array(
    fc.record(
      {
        resource: fc.record({ attributes: keyValues }),
        scopeSpans: fc.array(fc.record({ scope: fc.record({ name: fc.string({ maxLength: 10 }) }), spans: fc.array(span, { maxLength: 4 }) }, { requiredKeys: ['spans'] }), { maxLength: 2 }),
      },
      { requiredKeys: ['scopeSpans'] },
    ),
    { maxLength: 3 },
  ),
});
const limits = fc.oneof(
  fc.constant(DEFAULT_SPAN_LIMITS),
  fc.record({
    maxAttributesPerSpan: fc.integer({ min: 0, max: 4 }),
    maxAttributeValueLength: fc.integer({ min: 0, max: 12 }),
    maxEventsPerSpan: fc.integer({ min: 0, max: 2 }),
    maxLinksPerSpan: fc.integer({ min: 0, max: 2 }),
    maxNameLength: fc.integer({ min: 0, max: 8 }),
  }),
);

describe('the protobuf span decoder', () => {
  it('decodes any valid request exactly as protobufjs followed by spansFromRequest does, limits and rejections included', () => {
    fc.assert(
      fc.property(request, limits, (value, bounds) => {
        const body = encode(value);
        expect(decodeTraceProtobuf(body, bounds)).toEqual(reference(body, bounds));
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the spans of one resource one shared resource object, as the job packing relies on', () => {
    const spanOf = (i: number) => ({ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, i + 1), name: `s${i}`, startTimeUnixNano: '10', endTimeUnixNano: '20' });
    const body = encode({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ spans: [spanOf(0), spanOf(1)] }, { spans: [spanOf(2)] }] }] });
    const { spans } = decodeTraceProtobuf(body, DEFAULT_SPAN_LIMITS);
    expect(spans.map((s) => s.serviceName)).toEqual(['svc', 'svc', 'svc']);
    expect(spans[1]!.resourceAttributes).toBe(spans[0]!.resourceAttributes);
    expect(spans[2]!.resourceAttributes).toBe(spans[0]!.resourceAttributes);
  });

  it('knows the resource and scope of spans written before them in the bytes', () => {
    const spanBytes = protoType('opentelemetry.proto.trace.v1.Span');
    const oneSpan = Buffer.from(spanBytes.encode(spanBytes.fromObject({ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: 'late', startTimeUnixNano: '10', endTimeUnixNano: '30' })).finish());
    const field = (number: number, payload: Buffer) => Buffer.concat([Buffer.from([(number << 3) | 2, payload.length]), payload]);
    const scope = field(1, field(1, Buffer.from('my-scope')));
    const resource = field(1, field(1, Buffer.concat([field(1, Buffer.from('service.name')), field(2, field(1, Buffer.from('svc')))])));
    // ScopeSpans: the span (field 2) before the scope (field 1); ResourceSpans: the scope spans (2) before the resource (1).
    const body = field(1, Buffer.concat([field(2, Buffer.concat([field(2, oneSpan), scope])), resource]));
    const [decoded] = decodeTraceProtobuf(body, DEFAULT_SPAN_LIMITS).spans;
    expect(decoded).toMatchObject({ name: 'late', scopeName: 'my-scope', serviceName: 'svc', durationNs: 20 });
    expect(decodeTraceProtobuf(body, DEFAULT_SPAN_LIMITS)).toEqual(reference(body, DEFAULT_SPAN_LIMITS));
  });

  it('names every attribute right when more distinct keys pass than its key cache has slots', () => {
    // 40 spans × 100 keys out of 3,000, longer ones past the cached length among them: slots collide and are replaced.
    const keyOf = (n: number) => (n % 7 === 0 ? `very.long.attribute.key.that.is.not.cached.${'x'.repeat(40)}.${n}` : `attr.${n}`);
    const spans = Array.from({ length: 40 }, (_, s) => ({
      traceId: Buffer.alloc(16, 1),
      spanId: Buffer.alloc(8, s + 1),
      startTimeUnixNano: '10',
      endTimeUnixNano: '20',
      attributes: Array.from({ length: 100 }, (_, a) => ({ key: keyOf((s * 997 + a * 31) % 3000), value: { intValue: a } })),
    }));
    const body = encode({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
    const decoded = decodeTraceProtobuf(body, DEFAULT_SPAN_LIMITS);
    expect(decoded).toEqual(reference(body, DEFAULT_SPAN_LIMITS));
    expect(decoded.spans[39]!.attributes[keyOf((39 * 997 + 99 * 31) % 3000)]).toBe(99);
  });

  it('keeps 64-bit times and integer attributes exact', () => {
    const body = encode({
      resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), startTimeUnixNano: '1764950000123456789', endTimeUnixNano: '1764950000123459790', attributes: [{ key: 'n', value: { intValue: '-9007199254740993' } }, { key: 'm', value: { intValue: '4294967296' } }] }] }] }],
    });
    const [decoded] = decodeTraceProtobuf(body, DEFAULT_SPAN_LIMITS).spans;
    expect(decoded).toMatchObject({ startEpochNs: '1764950000123456789', durationNs: 3001, attributes: { n: -9007199254740992, m: 4294967296 } });
  });

  it('refuses truncated bodies, lengths past their message and impossible wire types with a decode error', () => {
    const body = encode({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: 'abc' }] }] }] });
    for (let cut = 1; cut < body.length; cut++) {
      expect(() => decodeTraceProtobuf(body.subarray(0, cut), DEFAULT_SPAN_LIMITS)).toThrow(/^body is not a valid ExportTraceServiceRequest: /);
    }
    expect(() => decodeTraceProtobuf(Buffer.from([0x0b]), DEFAULT_SPAN_LIMITS)).toThrow(/wire type 3, expected 2/);
    expect(() => decodeTraceProtobuf(Buffer.from([0x17]), DEFAULT_SPAN_LIMITS)).toThrow(/invalid wire type 7/);
    expect(() => decodeTraceProtobuf(Buffer.from([0x0a, 0x05, 0x12, 0x09]), DEFAULT_SPAN_LIMITS)).toThrow(/runs past the end/);
    expect(() => decodeTraceProtobuf(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), DEFAULT_SPAN_LIMITS)).toThrow(/longer than ten bytes/);
  });

  it('skips unknown fields of every wire type, groups included', () => {
    const known = encode({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] });
    // Field 20 as varint, fixed64, length, a group holding a varint, and fixed32.
    const unknown = Buffer.from([0xa0, 0x01, 0x96, 0x01, 0xa1, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0xa2, 0x01, 0x01, 0x7a, 0xa3, 0x01, 0x08, 0x01, 0xa4, 0x01, 0xa5, 0x01, 1, 2, 3, 4]);
    const { spans } = decodeTraceProtobuf(Buffer.concat([unknown, known, unknown]), DEFAULT_SPAN_LIMITS);
    expect(spans.map((s) => s.name)).toEqual(['x']);
  });
});
