import { setHttpRoute } from '@linkscope/sdk-node';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { sendJson } from '../shared/http-json';
import type { JsonLogger } from '../shared/json-logger';
import { createCatalogueClient, type CatalogueClient, type CatalogueResult } from './catalogue.client';
import type { GatewayConfig } from './gateway.config';

/** Product ids are short slugs; anything else cannot name a product. */
const PRODUCT_PATH = /^\/api\/products\/([A-Za-z0-9_-]{1,64})$/;

const FAILURE_STATUS: Record<Extract<CatalogueResult, { status: 'failed' }>['reason'], number> = {
  timeout: 504,
  unreachable: 502,
  upstream_error: 502,
  bad_response: 502,
};

/** Starts the gateway's HTTP server and resolves once it listens. */
export async function startGatewayServer(config: GatewayConfig, logger: JsonLogger): Promise<Server> {
  const catalogue = createCatalogueClient(config.catalogueUrl, config.catalogueTimeoutMs);
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
    handle(catalogue, logger, request, response).catch((error: unknown) => {
      logger.error('request failed', { error });
      if (!response.headersSent) sendJson(response, 500, { error: 'internal_error' });
    });
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.listenHost, resolve));
  logger.info('listening', { host: config.listenHost, port: config.port, catalogueUrl: config.catalogueUrl });
  return server;
}

async function handle(
  catalogue: CatalogueClient,
  logger: JsonLogger,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://gateway').pathname;
  if (path === '/healthz') return sendJson(response, 200, { status: 'ok' });
  if (request.method !== 'GET') return sendJson(response, 405, { error: 'method_not_allowed' });

  if (path === '/api/products') {
    setHttpRoute('/api/products');
    return respond(response, logger, await catalogue.listProducts());
  }
  const productMatch = PRODUCT_PATH.exec(path);
  if (productMatch?.[1] !== undefined) {
    setHttpRoute('/api/products/:id');
    return respond(response, logger, await catalogue.getProduct(productMatch[1]));
  }
  return sendJson(response, 404, { error: 'not_found' });
}

function respond(response: ServerResponse, logger: JsonLogger, result: CatalogueResult): void {
  switch (result.status) {
    case 'ok':
      return sendJson(response, 200, result.body);
    case 'not_found':
      return sendJson(response, 404, { error: 'product_not_found' });
    case 'failed':
      logger.warn('catalogue call failed', { reason: result.reason, detail: result.detail });
      return sendJson(response, FAILURE_STATUS[result.reason], { error: 'catalogue_unavailable', reason: result.reason });
  }
}
