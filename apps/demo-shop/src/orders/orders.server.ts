import { traceDatabaseSync } from '@linkscope/sdk-node';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';

import { PAYMENT_EVENTS_QUEUE, startEventConsumer, type EventConsumer } from '../shared/event-queue';
import { startFaultSwitches } from '../shared/fault-switches';
import type { JsonLogger } from '../shared/json-logger';
import { route, startJsonServer, type Reply } from '../shared/json-server';
import { createRedis } from '../shared/redis-client';
import { callService, type CallResult } from '../shared/service-client';
import type { RunningService } from '../shared/service-main';
import { startCpuHog } from './cpu-hog';
import { createOrderTables, findOrder, insertOrder, markOrderPaid, type OrderLine } from './order-store';
import type { OrdersConfig } from './orders.config';

const addItemBody = z.object({ productId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), quantity: z.number().int().min(1).max(10) });
const placeOrderBody = z.object({ userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** Starts the orders service: carts in Redis, orders in SQLite, payment events from a Redis queue. */
export async function startOrdersServer(config: OrdersConfig, logger: JsonLogger): Promise<RunningService> {
  const db = traceDatabaseSync(new DatabaseSync(':memory:'), 'orders');
  context.with(suppressTracing(context.active()), () => createOrderTables(db));
  const redis = createRedis(config.redisUrl, config.redisKeyPrefix);
  const blockingRedis = createRedis(config.redisUrl, config.redisKeyPrefix);
  const faults = startFaultSwitches(redis, logger);
  const hog = startCpuHog(() => faults.isOn('cpu-hog'));
  const call = (baseUrl: string, path: string): Promise<CallResult> => callService(baseUrl, path, { timeoutMs: config.callTimeoutMs });

  const consumer: EventConsumer = startEventConsumer<{ orderId: string }>(blockingRedis, PAYMENT_EVENTS_QUEUE, logger, ({ orderId }) => {
    if (!markOrderPaid(db, orderId)) logger.warn('payment event for an unknown or already paid order', { orderId });
  });

  const server = await startJsonServer({
    name: 'orders',
    host: config.listenHost,
    port: config.port,
    logger,
    routes: [
      route({
        method: 'POST',
        pattern: '/carts/:userId/items',
        body: addItemBody,
        handle: async ({ params, body }) => {
          const product = await call(config.catalogueUrl, `/products/${body.productId}`);
          const failure = upstreamFailure(product, 'catalogue');
          if (failure !== undefined) return failure;
          const key = `cart:${params['userId']}`;
          await redis.hincrby(key, body.productId, body.quantity);
          await redis.expire(key, config.cartTtlSeconds);
          return { status: 200, body: { items: await redis.hgetall(key) } };
        },
      }),
      route({
        method: 'POST',
        pattern: '/orders',
        body: placeOrderBody,
        handle: async ({ body }) => {
          const cartKey = `cart:${body.userId}`;
          const cart = await redis.hgetall(cartKey);
          const items = Object.entries(cart).map(([productId, quantity]) => ({ productId, quantity: Number(quantity) }));
          if (items.length === 0) return { status: 400, body: { error: 'empty_cart' } };

          // The lookups are independent; the serial-calls fault awaits them one after another.
          const lookups = [() => call(config.usersUrl, `/users/${body.userId}`), ...items.map((item) => () => call(config.catalogueUrl, `/products/${item.productId}`))];
          const results: CallResult[] = [];
          if (faults.isOn('serial-calls')) for (const lookup of lookups) results.push(await lookup());
          else results.push(...(await Promise.all(lookups.map((lookup) => lookup()))));

          const [user, ...products] = results;
          const failure = upstreamFailure(user!, 'users') ?? products.map((result) => upstreamFailure(result, 'catalogue')).find((reply) => reply !== undefined);
          if (failure !== undefined) return failure;
          const lines: OrderLine[] = items.map((item, index) => ({
            productId: item.productId,
            quantity: item.quantity,
            unitPriceCents: ((products[index] as Extract<CallResult, { status: 'answered' }>).body as { priceCents: number }).priceCents,
          }));
          const order = insertOrder(db, body.userId, lines);
          await redis.del(cartKey);
          return { status: 201, body: order };
        },
      }),
      route({
        method: 'GET',
        pattern: '/orders/:id',
        handle: ({ params }) => {
          const order = findOrder(db, params['id'] ?? '');
          return order === undefined ? { status: 404, body: { error: 'order_not_found' } } : { status: 200, body: order };
        },
      }),
    ],
  });
  return {
    server,
    close: async () => {
      hog.stop();
      faults.stop();
      await consumer.stop();
      redis.disconnect();
      blockingRedis.disconnect();
      db.database.close();
    },
  };
}

/** `undefined` when the call answered 2xx; else the reply that passes the failure on. */
function upstreamFailure(result: CallResult, upstream: string): Reply | undefined {
  if (result.status === 'failed') return { status: result.reason === 'timeout' ? 504 : 502, body: { error: `${upstream}_unavailable`, reason: result.reason } };
  if (result.statusCode === 404) return { status: 404, body: { error: `${upstream}_not_found` } };
  if (result.statusCode >= 300) return { status: 502, body: { error: `${upstream}_failed`, upstreamStatus: result.statusCode } };
  return undefined;
}
