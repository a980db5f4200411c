import { describe, expect, it } from 'vitest';
import { ZipkinDecodeError, decodeZipkinSpans, sharedServerSpanId } from './decode-zipkin';

const body = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const base = {
  traceId: '86154a4ba6e91385',
  id: '4d1e00c0db9010db',
  name: 'get /api',
  timestamp: 1_795_000_000_000_123,
  duration: 2500,
  localEndpoint: { serviceName: 'frontend', ipv4: '10.0.0.1' },
};

describe('decodeZipkinSpans', () => {
  it('maps a v2 span: 64-bit trace ids padded, microseconds to nanoseconds, tags to attributes', () => {
    const decoded = decodeZipkinSpans(
      body([{ ...base, kind: 'CLIENT', remoteEndpoint: { serviceName: 'backend', ipv4: '10.0.0.2', port: 9000 }, tags: { 'http.method': 'GET', 'http.path': '/api' }, annotations: [{ timestamp: 1_795_000_000_000_200, value: 'ws' }] }]),
    );
    expect(decoded.rejected).toBe(0);
    expect(decoded.spans[0]).toMatchObject({
      traceId: '000000000000000086154a4ba6e91385',
      spanId: '4d1e00c0db9010db',
      parentSpanId: null,
      kind: 'client',
      serviceName: 'frontend',
      startEpochNs: '1795000000000123000',
      durationNs: 2_500_000,
      attributes: { 'http.request.method': 'GET', 'http.path': '/api', 'service.peer.name': 'backend', 'network.peer.address': '10.0.0.2', 'network.peer.port': 9000 },
      events: [{ timeEpochNs: '1795000000000200000', name: 'ws', attributes: {} }],
    });
  });

  it('marks spans with an error tag or otel.status_code=ERROR as errors', () => {
    const decoded = decodeZipkinSpans(body([{ ...base, tags: { error: 'timeout' } }, { ...base, id: '4d1e00c0db9010dc', tags: { 'otel.status_code': 'ERROR' } }]));
    expect(decoded.spans.map((s) => [s.statusCode, s.statusMessage])).toEqual([['error', 'timeout'], ['error', '']]);
  });

  it('gives the shared server half of a B3 span its own id, as a child of the client half', () => {
    const decoded = decodeZipkinSpans(
      body([
        { ...base, kind: 'CLIENT' },
        { ...base, kind: 'SERVER', shared: true, localEndpoint: { serviceName: 'backend' } },
      ]),
    );
    const [client, server] = decoded.spans;
    expect(server?.spanId).toBe(sharedServerSpanId(client!.spanId));
    expect(server?.spanId).not.toBe(client?.spanId);
    expect(server?.parentSpanId).toBe(client?.spanId);
  });

  it('drops invalid spans one by one and keeps the rest', () => {
    const decoded = decodeZipkinSpans(body([base, 7, { ...base, traceId: 'zz' }, { ...base, id: '0000000000000000' }, { ...base, parentId: '12' }, { ...base, timestamp: undefined }]));
    expect(decoded.spans).toHaveLength(1);
    expect(decoded.rejectReasons).toEqual({ not_an_object: 1, invalid_trace_id: 1, invalid_span_id: 1, invalid_parent_span_id: 1, invalid_time: 1 });
  });

  it('refuses a body that is not a JSON array', () => {
    expect(() => decodeZipkinSpans(Buffer.from('{"a":1}'))).toThrow(ZipkinDecodeError);
    expect(() => decodeZipkinSpans(Buffer.from('[{'))).toThrow(/not valid JSON/);
  });
});
