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
    ...(ignored.size > 0 ? { ignoreIncomingRequestHook: buildIgnoreHook(ignored) } : {}),
    ...(hasPeers
      ? {
          startOutgoingSpanHook: (request: RequestOptions) =>
            peerLookup(String(request.hostname ?? request.host ?? 'localhost').replace(/:\d+$/, ''), String(request.port ?? defaultPort(request.protocol))) ?? {},
        }
      : {}),
  };
}

/**
 * Whether an incoming request's path (query string ignored) is one of `ignored`. Runs on every
 * request, so it allocates nothing for the usual URL: no split, and a URL longer than the longest
 * ignored path is answered by its length alone.
 */
function buildIgnoreHook(ignored: ReadonlySet<string>): (request: IncomingMessage) => boolean {
  let longest = 0;
  for (const path of ignored) longest = Math.max(longest, path.length);
  return (request) => {
    const url = request.url;
    if (url === undefined) return ignored.has('/');
    const query = url.indexOf('?');
    const pathLength = query === -1 ? url.length : query;
    if (pathLength > longest) return false;
    return ignored.has(query === -1 ? url : url.slice(0, query));
  };
}

function defaultPort(protocol: string | null | undefined): number {
  return protocol === 'https:' ? 443 : 80;
}
