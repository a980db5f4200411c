import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { decodeLogsRequest, decodeMetricNames, decodeTraceRequest, type DecodedLogRecord, type DecodedSpan } from './protobuf-wire.reader';

/** One request the fake collector received. */
export interface ReceivedExport {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  spans: DecodedSpan[];
  /** The raw request body (protobuf or JSON). */
  body: Buffer;
}

/** A local OTLP/HTTP receiver for SDK tests: records every request and answers 200 (or `status`). */
export interface FakeCollector {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  received: ReceivedExport[];
  /** Every span received so far. */
  spans(): DecodedSpan[];
  /** Every log record received so far. */
  logRecords(): DecodedLogRecord[];
  /** Names of every metric received so far, deduplicated. */
  metricNames(): string[];
  /** The status the next requests are answered with (default 200). */
  status: number;
  close(): Promise<void>;
}

/**
 * Starts the fake collector on an ephemeral port. `http` is passed in so that the caller
 * decides when `node:http` is loaded relative to `init`.
 */
export async function startFakeCollector(http: typeof import('node:http')): Promise<FakeCollector> {
  const received: ReceivedExport[] = [];
  const state = { status: 200 };
  const server: Server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const isProtobuf = request.headers['content-type'] === 'application/x-protobuf';
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        spans: isProtobuf && request.url === '/v1/traces' ? decodeTraceRequest(body) : [],
        body,
      });
      // An empty ExportTraceServiceResponse is a zero-length protobuf message.
      response.writeHead(state.status, { 'content-type': 'application/x-protobuf', ...(state.status === 429 ? { 'retry-after': '1' } : {}) });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const ofPath = (path: string) => received.filter((request) => request.path === path && request.headers['content-type'] === 'application/x-protobuf');
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    spans: () => received.flatMap((request) => request.spans),
    logRecords: () => ofPath('/v1/logs').flatMap((request) => decodeLogsRequest(request.body)),
    metricNames: () => [...new Set(ofPath('/v1/metrics').flatMap((request) => decodeMetricNames(request.body).map((metric) => metric.name)))].sort(),
    get status() {
      return state.status;
    },
    set status(value: number) {
      state.status = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
