import { describe, expect, it } from 'vitest';
import { protoType } from './proto-root';
import { encodeStatus, encodeTraceExportResponse } from './responses';

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
});
