export {
  SPAN_KINDS,
  SPAN_STATUS_CODES,
  asDurationNs,
  asEpochNs,
} from './span';
export type {
  AttributeValue,
  Attributes,
  DurationNs,
  EpochNs,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanRecord,
  SpanStatusCode,
  TenantScope,
} from './span';
export type { SpanView, TraceDetailResponse, TraceListResponse, TraceSummary } from './trace-view';
export { normaliseResourceAttributes, normaliseSpanAttributes } from './semconv';
