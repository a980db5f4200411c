import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest } from './decode-logs';
import { decodeMetricsRequest } from './decode-metrics';
import { decodeTraceRequest } from './decode-traces';
import { OtlpDecodeError } from './errors';
import { protoType } from './proto-root';

const DECODERS = [decodeTraceRequest, decodeMetricsRequest, decodeLogsRequest] as const;

/** Either decodes or throws OtlpDecodeError: any other exception is a crash. */
function decodesOrRefuses(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    if (error instanceof OtlpDecodeError) return true;
    throw error;
  }
}

const validTraceRequest = (): Uint8Array => {
  const type = protoType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  return type
    .encode(
      type.fromObject({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
            scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: 'x', startTimeUnixNano: '10', endTimeUnixNano: '20', attributes: [{ key: 'k', value: { intValue: 5 } }] }] }],
          },
        ],
      }),
    )
    .finish();
};

describe('no byte sequence crashes a decoder', () => {
  it('random bytes as protobuf', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => DECODERS.every((decode) => decodesOrRefuses(() => decode(Buffer.from(bytes), 'protobuf')))),
      { numRuns: 2000 },
    );
  });

  it('a valid request with random bytes flipped, cut or appended', () => {
    const valid = validTraceRequest();
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(valid.length), fc.uint8Array({ maxLength: 32 }), (at, byte, cut, tail) => {
        const mutated = Buffer.concat([Buffer.from(valid.subarray(0, cut)), Buffer.from(tail)]);
        if (at < mutated.length) mutated[at] = byte;
        return DECODERS.every((decode) => decodesOrRefuses(() => decode(mutated, 'protobuf')));
      }),
      { numRuns: 3000 },
    );
  });

  it('random text and random JSON values as OTLP/JSON', () => {
    fc.assert(fc.property(fc.string({ maxLength: 512 }), (text) => DECODERS.every((decode) => decodesOrRefuses(() => decode(Buffer.from(text), 'json')))), { numRuns: 1000 });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => DECODERS.every((decode) => decodesOrRefuses(() => decode(Buffer.from(JSON.stringify(value) ?? 'null'), 'json')))),
      { numRuns: 1000 },
    );
  });

  it('structurally plausible OTLP/JSON with random field values', () => {
    const anyScalar = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
    const span = fc.record(
      { traceId: anyScalar, spanId: anyScalar, parentSpanId: anyScalar, name: anyScalar, kind: anyScalar, startTimeUnixNano: anyScalar, endTimeUnixNano: anyScalar, attributes: fc.oneof(anyScalar, fc.array(fc.record({ key: anyScalar, value: fc.record({ stringValue: anyScalar, intValue: anyScalar, arrayValue: anyScalar, kvlistValue: anyScalar }, { requiredKeys: [] }) }, { requiredKeys: [] }), { maxLength: 4 })), status: anyScalar, events: anyScalar, links: anyScalar },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(span, { maxLength: 5 }), anyScalar, (spans, resource) => {
        const body = Buffer.from(JSON.stringify({ resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ scope: resource, spans }] }] }));
        const ok = decodesOrRefuses(() => decodeTraceRequest(body, 'json'));
        return ok;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decoded output keeps its invariants', () => {
  it('every decoded span has well-formed ids and a non-negative duration', () => {
    const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });
    fc.assert(
      fc.property(
        fc.array(fc.record({ traceId: fc.oneof(hex(32), hex(30)), spanId: fc.oneof(hex(16), hex(15)), start: fc.bigInt({ min: 0n, max: 2n ** 63n }), length: fc.bigInt({ min: -5n, max: 2n ** 40n }) }), { maxLength: 20 }),
        (items) => {
          const spans = items.map((i) => ({ traceId: i.traceId, spanId: i.spanId, name: 'n', startTimeUnixNano: String(i.start), endTimeUnixNano: String(i.start + i.length) }));
          const decoded = decodeTraceRequest(Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })), 'json');
          expect(decoded.spans.length + decoded.rejected).toBe(items.length);
          for (const span of decoded.spans) {
            expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
            expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
            expect(span.durationNs).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
