import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Link } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';

import { decodeTraceTree, type Tree } from '../testing/otlp-trace-tree.reader';
import { OtlpTraceEncoder } from './otlp-trace.encoder';

/** Ended spans of two resources and three scopes, covering every field the encoder writes. */
function sampleSpans(): ReadableSpan[] {
  const ended: ReadableSpan[] = [];
  const collect: SpanProcessor = {
    onStart: () => {},
    onEnd: (span) => ended.push(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const shop = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop', 'process.pid': 4242, 'host.arch': 'amd64', 'service.instance.id': 'é-unicode-ünïcode' }),
    spanProcessors: [collect],
  });
  const billing = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'billing' }), spanProcessors: [collect] });

  const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=abc,other=x'),
  });
  const server = shop.getTracer('@linkscope/sdk-node/http-server', '0.1.0').startSpan(
    'GET /items/:id',
    {
      kind: SpanKind.SERVER,
      startTime: [1_763_900_000, 123_456_789],
      attributes: {
        'http.request.method': 'GET',
        'url.path': '/items/42',
        'server.port': 8080,
        'http.response.status_code': 503,
        'big.int': 2 ** 40 + 7,
        'negative.int': -5,
        'ratio': 0.25,
        'flag': true,
        'off': false,
        'tags': ['a', 'b'],
        'codes': [1, 2, 3],
        'mixed.unicode': 'naïve ☃ 😀',
        'long.string': 'x'.repeat(300),
      },
    },
    remoteParent,
  );
  server.addEvent('exception', { 'exception.type': 'Error', 'exception.message': 'boom' }, [1_763_900_000, 200_000_000]);
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream unavailable' });
  const child = shop.getTracer('pg', '0.77.0').startSpan(
    'SELECT items',
    {
      kind: SpanKind.CLIENT,
      startTime: [1_763_900_000, 150_000_000],
      links: [
        { context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.NONE, isRemote: true }, attributes: { 'link.reason': 'batch' } } satisfies Link,
      ],
    },
    trace.setSpan(ROOT_CONTEXT, server),
  );
  child.end([1_763_900_000, 190_000_000]);
  server.end([1_763_900_001, 5]);
  const internal = billing.getTracer('billing').startSpan('charge', { startTime: [1_763_900_002, 0] }, ROOT_CONTEXT);
  internal.setStatus({ code: SpanStatusCode.OK });
  internal.end([1_763_900_002, 999_999_999]);
  return ended;
}

describe('OtlpTraceEncoder', () => {
  it("decodes to the same OTLP request, field by field, as OpenTelemetry's protobuf serializer", () => {
    const spans = sampleSpans();

    const ours = decodeTraceTree(new OtlpTraceEncoder().encode(spans)!);
    const reference = decodeTraceTree(ProtobufTraceSerializer.serializeRequest(spans)!);

    expect(ours).toEqual(reference);
  });

  it('writes ids, times, kind, parent, trace state, flags, status, events and links as OTLP defines them', () => {
    const tree = decodeTraceTree(new OtlpTraceEncoder().encode(sampleSpans())!);
    const resourceSpans = tree['resourceSpans'] as Tree[];
    const shopScopes = resourceSpans[0]!['scopeSpans'] as Tree[];
    const server = (shopScopes.find((scope) => (scope['scope'] as Tree)['name'] === '@linkscope/sdk-node/http-server')!['spans'] as Tree[])[0]!;
    const client = (shopScopes.find((scope) => (scope['scope'] as Tree)['name'] === 'pg')!['spans'] as Tree[])[0]!;

    expect(resourceSpans).toHaveLength(2);
    expect(server).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      traceState: 'vendor=abc,other=x',
      name: 'GET /items/:id',
      kind: 2, // SERVER
      startTimeUnixNano: '1763900000123456789',
      endTimeUnixNano: '1763900001000000005',
      status: { code: 2, message: 'upstream unavailable' },
      flags: 0x01 | 0x100 | 0x200, // sampled, has-is-remote, parent remote
      events: [{ timeUnixNano: '1763900000200000000', name: 'exception', attributes: expect.any(Array) }],
    });
    expect(server['spanId']).toMatch(/^[0-9a-f]{16}$/);
    const attribute = (key: string) => (server['attributes'] as Tree[]).find((kv) => kv['key'] === key)?.['value'];
    expect(attribute('big.int')).toEqual({ intValue: String(2 ** 40 + 7) });
    expect(attribute('negative.int')).toEqual({ intValue: '-5' });
    expect(attribute('ratio')).toEqual({ doubleValue: 0.25 });
    expect(attribute('flag')).toEqual({ boolValue: true });
    expect(attribute('off')).toEqual({}); // false is the proto3 default
    expect(attribute('tags')).toEqual({ arrayValue: { values: [{ stringValue: 'a' }, { stringValue: 'b' }] } });
    expect(attribute('mixed.unicode')).toEqual({ stringValue: 'naïve ☃ 😀' });
    expect(attribute('long.string')).toEqual({ stringValue: 'x'.repeat(300) });
    expect(client).toMatchObject({
      parentSpanId: server['spanId'],
      kind: 3,
      flags: 0x01 | 0x100, // local parent
      links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), flags: 0x100 | 0x200, attributes: [{ key: 'link.reason', value: { stringValue: 'batch' } }] }],
    });
  });

  it('gives the same bytes for the same spans when reused, and nothing for no spans', () => {
    const encoder = new OtlpTraceEncoder();
    const spans = sampleSpans();

    const first = Buffer.from(encoder.encode(spans)!);
    encoder.encode(spans.slice(1));
    const again = Buffer.from(encoder.encode(spans)!);

    expect(again.equals(first)).toBe(true);
    expect(encoder.encode([])).toBeUndefined();
  });

  it('encodes a batch larger than its initial buffer (lengths of three bytes and more)', () => {
    const spans = sampleSpans();
    const many = Array.from({ length: 600 }, (_, index) => spans[index % spans.length]!);

    const bytes = new OtlpTraceEncoder().encode(many)!;

    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(decodeTraceTree(bytes)).toEqual(decodeTraceTree(ProtobufTraceSerializer.serializeRequest(many)!));
  });
});
