export { setHttpRoute } from './http-route';
export {
  EXPORT_DELAY_MS,
  EXPORT_TIMEOUT_MS,
  init,
  MAX_QUEUED_SPANS,
  MAX_SPANS_PER_EXPORT,
  type LinkscopeHandle,
} from './init';
export type { LinkscopeInitOptions, ResourceAttributeValue } from './init.options';
export { LINKSCOPE_CONFIG_INVALID, LinkscopeConfigError } from './sdk-config.error';
export { INGEST_KEY_HEADER } from './sdk.config';
export { formatTraceResponse, TRACERESPONSE_HEADER } from './trace-response';
