import { OTLP_REQUESTS, type OtlpEncoding, type OtlpSignal } from './otlp-body';
import { protoType } from './proto-root';

const REJECTED_FIELD: Record<OtlpSignal, string> = { traces: 'rejectedSpans', metrics: 'rejectedDataPoints', logs: 'rejectedLogRecords' };

/** The body of a successful export: full success, or a partial success naming what was rejected. */
export function encodeExportResponse(signal: OtlpSignal, encoding: OtlpEncoding, rejected: number, errorMessage: string): Buffer {
  const partial = rejected > 0 || errorMessage.length > 0;
  const field = REJECTED_FIELD[signal];
  if (encoding === 'json') {
    return Buffer.from(JSON.stringify(partial ? { partialSuccess: { [field]: String(rejected), errorMessage } } : {}));
  }
  const type = protoType(OTLP_REQUESTS[signal].type.replace(/Request$/, 'Response'));
  const message = type.fromObject(partial ? { partialSuccess: { [field]: rejected, errorMessage } } : {});
  return Buffer.from(type.encode(message).finish());
}

/** The body of a successful trace export (see encodeExportResponse). */
export function encodeTraceExportResponse(encoding: OtlpEncoding, rejectedSpans: number, errorMessage: string): Buffer {
  return encodeExportResponse('traces', encoding, rejectedSpans, errorMessage);
}

/** A google.rpc.Status body, which OTLP/HTTP requires for every 4xx and 5xx answer. */
export function encodeStatus(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const type = protoType('google.rpc.Status');
  return Buffer.from(type.encode(type.fromObject({ code, message })).finish());
}

/**
 * A protobuf google.rpc.Status carrying a google.rpc.RetryInfo detail: what OTLP/gRPC servers send
 * (as `grpc-status-details-bin`) with RESOURCE_EXHAUSTED or UNAVAILABLE so clients wait that long.
 */
export function encodeRetryStatus(code: number, message: string, retryAfterSeconds: number): Buffer {
  const retryInfo = protoType('google.rpc.RetryInfo');
  const detail = retryInfo.encode(retryInfo.fromObject({ retryDelay: { seconds: Math.max(0, Math.ceil(retryAfterSeconds)), nanos: 0 } })).finish();
  const status = protoType('google.rpc.Status');
  const body = status.fromObject({ code, message, details: [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: detail }] });
  return Buffer.from(status.encode(body).finish());
}
