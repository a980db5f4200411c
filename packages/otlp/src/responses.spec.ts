import { describe, expect, it } from 'vitest';
import { protoType } from './proto-root';
import { encodeRetryStatus, encodeStatus, encodeTraceExportResponse } from './responses';

describe('OTLP responses', () => {
  it('leaves partial_success unset on full success, in both encodings', () => {
    expect(JSON.parse(encodeTraceExportResponse('json', 0, '').toString())).toEqual({});
    expect(encodeTraceExportResponse('protobuf', 0, '')).toHaveLength(0);
  });

  it('names rejected spans in a partial success', () => {
    expect(JSON.parse(encodeTraceExportResponse('json', 3, '3 span(s) rejected').toString())).toEqual({
      partialSuccess: { rejectedSpans: '3', errorMessage: '3 span(s) rejected' },
    });
    const type = protoType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
    const decoded = type.toObject(type.decode(encodeTraceExportResponse('protobuf', 3, 'bad ids')), { longs: Number });
    expect(decoded).toEqual({ partialSuccess: { rejectedSpans: 3, errorMessage: 'bad ids' } });
  });

  it('encodes errors as google.rpc.Status', () => {
    const type = protoType('google.rpc.Status');
    expect(type.toObject(type.decode(encodeStatus('protobuf', 3, 'malformed')))).toEqual({ code: 3, message: 'malformed' });
    expect(JSON.parse(encodeStatus('json', 16, 'no key').toString())).toEqual({ code: 16, message: 'no key' });
  });

  it('carries the retry delay as a google.rpc.RetryInfo detail for gRPC clients', () => {
    const status = protoType('google.rpc.Status');
    const decoded = status.toObject(status.decode(encodeRetryStatus(8, 'slow down', 2.2)), { longs: Number }) as {
      code: number;
      message: string;
      details: { typeUrl: string; value: Uint8Array }[];
    };
    expect(decoded.code).toBe(8);
    expect(decoded.message).toBe('slow down');
    expect(decoded.details[0]?.typeUrl).toBe('type.googleapis.com/google.rpc.RetryInfo');
    const retryInfo = protoType('google.rpc.RetryInfo');
    expect(retryInfo.toObject(retryInfo.decode(decoded.details[0]?.value ?? new Uint8Array()), { longs: Number })).toEqual({ retryDelay: { seconds: 3, nanos: 0 } });
  });
});
