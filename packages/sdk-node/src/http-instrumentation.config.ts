import type { IncomingMessage, RequestOptions } from 'node:http';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';

import { buildPeerServiceLookup } from './peer-services';

/**
 * Settings of OpenTelemetry's HTTP instrumentation, which traces outgoing requests only: incoming
 * ones get their SERVER spans from {@link HttpServerInstrumentation} (docs/adr/0015).
 */
export function buildHttpInstrumentationConfig(options: { peerServices?: Readonly<Record<string, string>> }): HttpInstrumentationConfig {
  const peerLookup = buildPeerServiceLookup(options.peerServices ?? {});
  const hasPeers = Object.keys(options.peerServices ?? {}).length > 0;
  return {
    disableIncomingRequestInstrumentation: true,
    ...(hasPeers
      ? {
          startOutgoingSpanHook: (request: RequestOptions) =>
            peerLookup(String(request.hostname ?? request.host ?? 'localhost').replace(/:\d+$/, ''), String(request.port ?? defaultPort(request.protocol))) ?? {},
        }
      : {}),
  };
}

/**
 * Whether an incoming request's path (query string ignored) is one of `ignoredPaths`, in which
 * case it starts no span. Runs on every request, so it allocates nothing for the usual URL: no
 * split, and a URL longer than the longest ignored path is answered by its length alone. A
 * request without a URL counts as `/`.
 */
export function buildIgnoreIncomingRequest(ignoredPaths: readonly string[]): (request: IncomingMessage) => boolean {
  const ignored = new Set(ignoredPaths);
  if (ignored.size === 0) return () => false;
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
