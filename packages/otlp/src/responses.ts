import type { OtlpEncoding } from './decode-traces';
import { protoType } from './proto-root';

/** The body of a successful trace export: full success, or a partial success naming what was rejected. */
export function encodeTraceExportResponse(
  encoding: OtlpEncoding,
  rejectedSpans: number,
  errorMessage: string,
): Buffer {
  const partial = rejectedSpans > 0 || errorMessage.length > 0;
  if (encoding === 'json') {
    return Buffer.from(JSON.stringify(partial ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {}));
  }
  const type = protoType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
  const message = type.fromObject(partial ? { partialSuccess: { rejectedSpans, errorMessage } } : {});
  return Buffer.from(type.encode(message).finish());
}

/** A google.rpc.Status body, which OTLP/HTTP requires for every 4xx and 5xx answer. */
export function encodeStatus(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const type = protoType('google.rpc.Status');
  return Buffer.from(type.encode(type.fromObject({ code, message })).finish());
}
