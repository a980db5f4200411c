import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';

import { setTraceResponseHeader } from './trace-response';

/** HTTP instrumentation settings derived from the resolved SDK options. */
export function buildHttpInstrumentationConfig(options: {
  traceResponseHeader: boolean;
}): HttpInstrumentationConfig {
  return options.traceResponseHeader ? { responseHook: setTraceResponseHeader } : {};
}
