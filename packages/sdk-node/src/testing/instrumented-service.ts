import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

import { init, TRACE_ID_HEADER, type LinkscopeHandle } from '../index';
import { startFakeCollector, type FakeCollector } from './fake-collector';
import type { DecodedSpan } from './protobuf-wire.reader';

/** OTLP span kinds, as `DecodedSpan.kind` carries them. */
export const SPAN_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
/** OTLP status codes, as `DecodedSpan.statusCode` carries them. */
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

/**
 * The SDK under test, started with `init` and exporting to a fake collector, and the means to run
 * a tiny instrumented HTTP service: what the instrumentation specs against real servers share.
 */
export interface InstrumentedService {
  readonly collector: FakeCollector;
  readonly handle: LinkscopeHandle;
  /** Starts a `node:http` server (loaded after `init`, so traced) on an ephemeral port; returns its base URL. */
  serve(listener: RequestListener): Promise<string>;
  /**
   * Serves a route table: `GET <path>` runs that path's handler and answers its result as JSON,
   * or 500 with the error's message when it rejects. Returns the means to call it.
   */
  serveRoutes(routes: Readonly<Record<string, () => Promise<unknown>>>): Promise<RouteService>;
  /** Every exported span of `traceId`, flushing until at least `count` arrived (or 10 s passed). */
  spansOf(traceId: string, count: number): Promise<DecodedSpan[]>;
  /** Closes the servers, then shuts the SDK down and closes the collector. */
  close(): Promise<void>;
}

/** The answer to one call of a {@link RouteService} and the spans of its trace. */
export interface RouteCall {
  readonly status: number;
  readonly body: string;
  /** The test's own fetch (CLIENT), the service's SERVER span and the spans under it. */
  readonly spans: DecodedSpan[];
  /** The service's SERVER span (its `url.path` is checked to be the path called). */
  readonly server: DecodedSpan;
}

/** A route table served by {@link InstrumentedService.serveRoutes}. */
export interface RouteService {
  /** Calls `GET <path>` and waits for its trace: the test's CLIENT span, the SERVER span and `count` more. */
  call(path: string, count: number): Promise<RouteCall>;
}

/**
 * Starts the fake collector and the SDK. `nodeRequire` is the spec's own `createRequire`: modules
 * loaded through it after this call are patched, as in an application that loads the SDK first.
 */
export async function startInstrumentedService(serviceName: string, nodeRequire: NodeJS.Require): Promise<InstrumentedService> {
  const collector = await startFakeCollector(nodeRequire('node:http') as typeof import('node:http'));
  const handle = init({ serviceName, endpoint: collector.url, apiKey: 'k', handleShutdownSignals: false, metrics: false, logs: false });
  const http = nodeRequire('node:http') as typeof import('node:http');
  const servers: import('node:http').Server[] = [];
  const service: InstrumentedService = {
    collector,
    handle,
    async serve(listener) {
      const server = http.createServer(listener);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async serveRoutes(routes) {
      const baseUrl = await service.serve((request, response) => {
        const handler = routes[request.url ?? ''];
        if (handler === undefined) {
          response.statusCode = 404;
          response.end();
          return;
        }
        handler().then(
          (result) => response.end(JSON.stringify(result)),
          (error: Error) => {
            response.statusCode = 500;
            response.end(error.message);
          },
        );
      });
      return {
        call: async (path, count) => {
          const response = await fetch(`${baseUrl}${path}`);
          const body = await response.text();
          const spans = await service.spansOf(response.headers.get(TRACE_ID_HEADER)!, 2 + count);
          const server = spans.find((span) => span.kind === SPAN_KIND.server);
          expect(server?.attributes['url.path']).toBe(path);
          return { status: response.status, body, spans, server: server! };
        },
      };
    },
    async spansOf(traceId, count) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        await handle.forceFlush();
        const spans = collector.spans().filter((span) => span.traceId === traceId);
        if (spans.length >= count || Date.now() > deadline) return spans;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await handle.shutdown();
      await collector.close();
    },
  };
  return service;
}
