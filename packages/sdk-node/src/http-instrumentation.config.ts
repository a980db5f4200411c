import type { IncomingMessage, RequestOptions } from 'node:http';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';

import { buildPeerServiceLookup } from './peer-services';
import { setTraceResponseHeader } from './trace-response';

/** HTTP instrumentation settings derived from the resolved SDK options. */
export function buildHttpInstrumentationConfig(options: {
  traceResponseHeader: boolean;
  ignoreIncomingPaths: readonly string[];
  peerServices?: Readonly<Record<string, string>>;
}): HttpInstrumentationConfig {
  const ignored = new Set(options.ignoreIncomingPaths);
  const peerLookup = buildPeerServiceLookup(options.peerServices ?? {});
  const hasPeers = Object.keys(options.peerServices ?? {}).length > 0;
  return {
    ...(options.traceResponseHeader ? { responseHook: setTraceResponseHeader } : {}),
    ...(ignored.size > 0
      ? { ignoreIncomingRequestHook: (request: IncomingMessage) => ignored.has((request.url ?? '/').split('?')[0] ?? '/') }
      : {}),
    ...(hasPeers
      ? {
          startOutgoingSpanHook: (request: RequestOptions) =>
            peerLookup(String(request.hostname ?? request.host ?? 'localhost').replace(/:\d+$/, ''), String(request.port ?? defaultPort(request.protocol))) ?? {},
        }
      : {}),
  };
}

function defaultPort(protocol: string | null | undefined): number {
  return protocol === 'https:' ? 443 : 80;
}
