export {
  BUSINESS_FAILURE_REASON_ATTRIBUTE,
  BUSINESS_NAME_ATTRIBUTE,
  BUSINESS_SUCCESS_ATTRIBUTE,
  markBusinessFailure,
  markBusinessSuccess,
  setBusinessTransaction,
} from './business';
export { diagnoseStatus, type Diagnosis, type ExportProblem } from './diagnostics';
export { setHttpRoute } from './http-route';
export {
  EXPORT_DELAY_MS,
  EXPORT_TIMEOUT_MS,
  init,
  MAX_QUEUED_SPANS,
  MAX_SPANS_PER_EXPORT,
  type LinkscopeHandle,
} from './init';
export type { InstrumentationName, LinkscopeInitOptions, PropagatorName, ResourceAttributeValue } from './init.options';
export { LOG_CORRELATION_KEYS } from './instrumentations';
export { logCorrelationFields } from './log-correlation';
export { LINKSCOPE_CONFIG_INVALID, LinkscopeConfigError } from './sdk-config.error';
export { DEFAULT_ENDPOINT, DEFAULT_PROPAGATORS, INGEST_KEY_HEADER } from './sdk.config';
export { sqlSpanAttributes, traceDatabaseSync, type TracedDatabase } from './sqlite-tracing';
export { formatTraceResponse, TRACE_ID_HEADER, TRACERESPONSE_HEADER } from './trace-response';
