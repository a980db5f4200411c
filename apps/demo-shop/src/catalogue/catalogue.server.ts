import { setHttpRoute } from '@linkscope/sdk-node';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { sendJson } from '../shared/http-json';
import type { JsonLogger } from '../shared/json-logger';
import type { CatalogueConfig } from './catalogue.config';
import { findProduct, PRODUCTS } from './product-catalogue';

/** Product ids are short slugs; anything else is not a product path, so no decoding is needed. */
const PRODUCT_PATH = /^\/products\/([A-Za-z0-9_-]{1,64})$/;

/** Starts the catalogue's HTTP server and resolves once it listens. */
export async function startCatalogueServer(config: CatalogueConfig, logger: JsonLogger): Promise<Server> {
  const server = createServer((request, response) => {
    const startedAt = performance.now();
    response.on('finish', () =>
      logger.info('request', {
        method: request.method,
        path: request.url,
        status: response.statusCode,
        durationMs: Math.round(performance.now() - startedAt),
      }),
    );
    handle(config, request, response).catch((error: unknown) => {
      logger.error('request failed', { error });
      if (!response.headersSent) sendJson(response, 500, { error: 'internal_error' });
    });
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.listenHost, resolve));
  logger.info('listening', { host: config.listenHost, port: config.port, errorRate: config.errorRate });
  return server;
}

async function handle(config: CatalogueConfig, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://catalogue').pathname;
  if (path === '/healthz') return sendJson(response, 200, { status: 'ok' });
  if (request.method !== 'GET') return sendJson(response, 405, { error: 'method_not_allowed' });

  const productMatch = PRODUCT_PATH.exec(path);
  if (path !== '/products' && productMatch === null) return sendJson(response, 404, { error: 'not_found' });
  setHttpRoute(productMatch === null ? '/products' : '/products/:id');

  await sleep(randomBetween(config.minDelayMs, config.maxDelayMs));
  if (Math.random() < config.errorRate) return failWithInjectedFault(response);

  if (productMatch === null) return sendJson(response, 200, { products: PRODUCTS });
  const product = findProduct(productMatch[1] ?? '');
  return product === undefined
    ? sendJson(response, 404, { error: 'product_not_found' })
    : sendJson(response, 200, product);
}

function failWithInjectedFault(response: ServerResponse): void {
  const span = trace.getActiveSpan();
  span?.setAttribute('demo.fault', 'injected');
  // The instrumentation would mark a 500 as an error anyway; saying why makes the demo trace readable.
  span?.recordException(new Error('Injected catalogue fault (DEMO_CATALOGUE_ERROR_RATE)'));
  span?.setStatus({ code: SpanStatusCode.ERROR, message: 'injected fault' });
  sendJson(response, 500, { error: 'injected_fault' });
}

function randomBetween(min: number, max: number): number {
  return min + Math.random() * (max - min);
}
