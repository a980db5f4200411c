import { traceDatabaseSync } from '@linkscope/sdk-node';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { DatabaseSync } from 'node:sqlite';

import { startFaultSwitches } from '../shared/fault-switches';
import type { JsonLogger } from '../shared/json-logger';
import { route, startJsonServer, type Reply } from '../shared/json-server';
import { createRedis } from '../shared/redis-client';
import type { RunningService } from '../shared/service-main';
import type { CatalogueConfig } from './catalogue.config';
import { findProduct, listProducts, listProductsOneByOne, seedCatalogue, type Product } from './product-catalogue';

const LIST_CACHE_KEY = 'catalogue:products';

/** Starts the catalogue: products in SQLite, the list cached in Redis, faults read from Redis. */
export async function startCatalogueServer(config: CatalogueConfig, logger: JsonLogger): Promise<RunningService> {
  const db = traceDatabaseSync(new DatabaseSync(':memory:'), 'catalogue');
  context.with(suppressTracing(context.active()), () => seedCatalogue(db));
  const redis = createRedis(config.redisUrl, config.redisKeyPrefix);
  const faults = startFaultSwitches(redis, logger);

  const injectedError = (): Reply | undefined => {
    const rate = faults.isOn('error-burst') ? config.burstErrorRate : config.errorRate;
    return Math.random() < rate ? failWithInjectedFault(faults.isOn('error-burst') ? 'error-burst' : 'random') : undefined;
  };

  const server = await startJsonServer({
    name: 'catalogue',
    host: config.listenHost,
    port: config.port,
    logger,
    routes: [
      route({
        method: 'GET',
        pattern: '/products',
        handle: async () => {
          const failure = injectedError();
          if (failure !== undefined) return failure;
          if (faults.isOn('n-plus-one')) return { status: 200, body: { products: listProductsOneByOne(db) } };
          const cached = await redis.get(LIST_CACHE_KEY).catch(() => null);
          if (cached !== null) return { status: 200, body: { products: JSON.parse(cached) as Product[] } };
          const products = listProducts(db);
          await redis.set(LIST_CACHE_KEY, JSON.stringify(products), 'EX', config.listCacheSeconds).catch(() => undefined);
          return { status: 200, body: { products } };
        },
      }),
      route({
        method: 'GET',
        pattern: '/products/:id',
        handle: ({ params }) => {
          const failure = injectedError();
          if (failure !== undefined) return failure;
          const product = findProduct(db, params['id'] ?? '', faults.isOn('slow-queries'));
          return product === undefined ? { status: 404, body: { error: 'product_not_found' } } : { status: 200, body: product };
        },
      }),
    ],
  });
  return {
    server,
    close: async () => {
      faults.stop();
      redis.disconnect();
      db.database.close();
    },
  };
}

function failWithInjectedFault(kind: string): Reply {
  const span = trace.getActiveSpan();
  span?.setAttribute('demo.fault', kind);
  // The instrumentation marks a 500 as an error anyway; saying why makes the demo trace readable.
  span?.recordException(new Error(`Injected catalogue fault (${kind})`));
  span?.setStatus({ code: SpanStatusCode.ERROR, message: 'injected fault' });
  return { status: 500, body: { error: 'injected_fault' } };
}
