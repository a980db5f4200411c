import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';

/**
 * Records the route template (for example `/api/products/:id`, never the raw path) of the
 * incoming HTTP request being handled in the current context. When the response finishes,
 * the HTTP instrumentation copies it to the server span's `http.route` attribute and renames
 * the span `<METHOD> <route>`, which is what Linkscope groups the URI layer by.
 *
 * Call it from inside the request handler. Returns `false` (and does nothing) when there is
 * no instrumented incoming request in the current context, e.g. before `init` or outside a
 * handler.
 */
export function setHttpRoute(route: string): boolean {
  const metadata = getRPCMetadata(context.active());
  if (metadata?.type !== RPCType.HTTP) return false;
  metadata.route = route;
  return true;
}
