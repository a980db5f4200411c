import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from './decode-traces';
import { OtlpDecodeError } from './errors';
import { DEFAULT_SPAN_LIMITS } from './limits';
import { protoType } from './proto-root';

const TRACE_HEX = '5b8efff798038103d269b633813fc60c';
const SPAN_HEX = 'eee19b7ec3c1b174';
const CHILD_HEX = 'eee19b7ec3c1b175';
const START = 1_795_000_000_123_456_789n;

function protobufRequest(spans: object[], serviceName = 'checkout'): Buffer {
  const type = protoType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const message = type.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: serviceName } }] },
        scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http' }, spans }],
      },
    ],
  });
  return Buffer.from(type.encode(message).finish());
}

function jsonRequest(spans: object[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
          scopeSpans: [{ scope: { name: 'manual' }, spans }],
        },
      ],
    }),
  );
}

describe('decodeTraceRequest (protobuf)', () => {
  it('decodes ids to lower-case hex, kinds, status, exact nanosecond start and duration', () => {
    const body = protobufRequest([
      {
        traceId: Buffer.from(TRACE_HEX, 'hex'),
        spanId: Buffer.from(SPAN_HEX, 'hex'),
        name: 'GET /orders/{id}',
        kind: 2,
        startTimeUnixNano: START.toString(),
        endTimeUnixNano: (START + 2_500_000n).toString(),
        attributes: [
          { key: 'http.route', value: { stringValue: '/orders/{id}' } },
          { key: 'http.response.status_code', value: { intValue: 500 } },
          { key: 'retry', value: { boolValue: true } },
        ],
        status: { code: 2, message: 'upstream failed' },
      },
      {
        traceId: Buffer.from(TRACE_HEX, 'hex'),
        spanId: Buffer.from(CHILD_HEX, 'hex'),
        parentSpanId: Buffer.from(SPAN_HEX, 'hex'),
        name: 'SELECT orders',
        kind: 3,
        startTimeUnixNano: (START + 1000n).toString(),
        endTimeUnixNano: (START + 2000n).toString(),
      },
    ]);

    const decoded = decodeTraceRequest(body, 'protobuf');

    expect(decoded.rejected).toBe(0);
    expect(decoded.spans).toHaveLength(2);
    const [root, child] = decoded.spans;
    expect(root).toMatchObject({
      traceId: TRACE_HEX,
      spanId: SPAN_HEX,
      parentSpanId: null,
      kind: 'server',
      serviceName: 'checkout',
      startEpochNs: START.toString(),
      durationNs: 2_500_000,
      statusCode: 'error',
      statusMessage: 'upstream failed',
      scopeName: '@opentelemetry/instrumentation-http',
      attributes: { 'http.route': '/orders/{id}', 'http.response.status_code': 500, retry: true },
    });
    expect(child).toMatchObject({ parentSpanId: SPAN_HEX, kind: 'client', durationNs: 1000, statusCode: 'unset' });
  });

  it('throws OtlpDecodeError on bytes that are not an ExportTraceServiceRequest', () => {
    expect(() => decodeTraceRequest(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), 'protobuf')).toThrow(OtlpDecodeError);
    expect(() => decodeTraceRequest(gzipSync('not protobuf'), 'protobuf')).toThrow(OtlpDecodeError);
  });

  it('accepts an empty request as no spans', () => {
    expect(decodeTraceRequest(Buffer.alloc(0), 'protobuf')).toMatchObject({ spans: [], rejected: 0 });
  });
});

describe('decodeTraceRequest (OTLP/JSON)', () => {
  it('reads upper-case hex ids, integer enums and 64-bit integers given as strings or numbers', () => {
    const decoded = decodeTraceRequest(
      jsonRequest([
        {
          traceId: TRACE_HEX.toUpperCase(),
          spanId: SPAN_HEX.toUpperCase(),
          name: 'GET /',
          kind: 2,
          startTimeUnixNano: START.toString(),
          endTimeUnixNano: (START + 10n).toString(),
          attributes: [
            { key: 'as.string', value: { intValue: '42' } },
            { key: 'as.number', value: { intValue: 7 } },
            { key: 'ratio', value: { doubleValue: 0.5 } },
            { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } } },
            { key: 'nested', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
          ],
        },
      ]),
      'json',
    );
    expect(decoded.spans[0]).toMatchObject({
      traceId: TRACE_HEX,
      spanId: SPAN_HEX,
      kind: 'server',
      durationNs: 10,
      attributes: { 'as.string': 42, 'as.number': 7, ratio: 0.5, tags: ['a', 'b'], nested: '{"k":"v"}' },
    });
  });

  it('rejects invalid spans one by one, counting each reason, and keeps the valid ones', () => {
    const good = { traceId: TRACE_HEX, spanId: SPAN_HEX, name: 'ok', startTimeUnixNano: '10', endTimeUnixNano: '20' };
    const decoded = decodeTraceRequest(
      jsonRequest([
        good,
        { ...good, traceId: '00000000000000000000000000000000' },
        { ...good, traceId: 'xyz' },
        { ...good, spanId: '0000000000000000' },
        { ...good, parentSpanId: 'abc' },
        { ...good, endTimeUnixNano: '5' },
        { ...good, startTimeUnixNano: undefined },
      ]),
      'json',
    );
    expect(decoded.spans).toHaveLength(1);
    expect(decoded.rejected).toBe(6);
    expect(decoded.rejectReasons).toEqual({
      invalid_trace_id: 2,
      invalid_span_id: 1,
      invalid_parent_span_id: 1,
      end_before_start: 1,
      invalid_time: 1,
    });
  });

  it('throws OtlpDecodeError for text that is not JSON or not an object', () => {
    expect(() => decodeTraceRequest(Buffer.from('{"resourceSpans": ['), 'json')).toThrow(/not valid JSON/);
    expect(() => decodeTraceRequest(Buffer.from('[1,2]'), 'json')).toThrow(OtlpDecodeError);
    expect(() => decodeTraceRequest(Buffer.from('{"resourceSpans": 3}'), 'json')).toThrow(/must be an array/);
  });

  it('bounds attribute counts and value lengths, counting what it cut', () => {
    const attributes = Array.from({ length: DEFAULT_SPAN_LIMITS.maxAttributesPerSpan + 5 }, (_, i) => ({
      key: `k${i}`,
      value: { stringValue: i === 0 ? 'x'.repeat(DEFAULT_SPAN_LIMITS.maxAttributeValueLength + 100) : 'v' },
    }));
    const decoded = decodeTraceRequest(
      jsonRequest([{ traceId: TRACE_HEX, spanId: SPAN_HEX, name: 'big', startTimeUnixNano: '10', endTimeUnixNano: '20', attributes }]),
      'json',
    );
    const span = decoded.spans[0]!;
    expect(Object.keys(span.attributes)).toHaveLength(DEFAULT_SPAN_LIMITS.maxAttributesPerSpan);
    expect((span.attributes['k0'] as string).length).toBe(DEFAULT_SPAN_LIMITS.maxAttributeValueLength);
    expect(decoded.truncation).toEqual({ attributesDropped: 5, valuesTruncated: 1 });
  });

  it('names a missing service unknown_service', () => {
    const body = Buffer.from(
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_HEX, spanId: SPAN_HEX, name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] }),
    );
    expect(decodeTraceRequest(body, 'json').spans[0]?.serviceName).toBe('unknown_service');
  });
});
