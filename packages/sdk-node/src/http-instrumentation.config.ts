import type { IncomingMessage } from 'node:http';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';

import { setTraceResponseHeader } from './trace-response';

/** HTTP instrumentation settings derived from the resolved SDK options. */
export function buildHttpInstrumentationConfig(options: {
  traceResponseHeader: boolean;
  ignoreIncomingPaths: readonly string[];
}): HttpInstrumentationConfig {
  const ignored = new Set(options.ignoreIncomingPaths);
  return {
    ...(options.traceResponseHeader ? { responseHook: setTraceResponseHeader } : {}),
    ...(ignored.size > 0
      ? { ignoreIncomingRequestHook: (request: IncomingMessage) => ignored.has((request.url ?? '/').split('?')[0] ?? '/') }
      : {}),
  };
}
