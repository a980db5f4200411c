export { decodeTraceRequest } from './decode-traces';
export type { DecodedTraces, OtlpEncoding, SpanRejectReason } from './decode-traces';
export { OtlpDecodeError } from './errors';
export { DEFAULT_SPAN_LIMITS } from './limits';
export type { SpanLimits } from './limits';
export { encodeStatus, encodeTraceExportResponse } from './responses';
export { protoType } from './proto-root';
