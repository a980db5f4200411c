import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { decodeTraceRequest, type DecodedSpan } from './protobuf-wire.reader';

/** One request the fake collector received. */
export interface ReceivedExport {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  spans: DecodedSpan[];
  /** The raw request body (protobuf or JSON). */
  body: Buffer;
}

/** A local OTLP/HTTP receiver for SDK tests: records every request and answers 200. */
export interface FakeCollector {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  received: ReceivedExport[];
  close(): Promise<void>;
}

/**
 * Starts the fake collector on an ephemeral port. `http` is passed in so that the caller
 * decides when `node:http` is loaded relative to `init`.
 */
export async function startFakeCollector(http: typeof import('node:http')): Promise<FakeCollector> {
  const received: ReceivedExport[] = [];
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
      response.writeHead(200, { 'content-type': 'application/x-protobuf' });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
