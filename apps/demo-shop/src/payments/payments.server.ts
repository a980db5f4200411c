import { traceDatabaseSync } from '@linkscope/sdk-node';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';

import { PAYMENT_EVENTS_QUEUE, publishEvent } from '../shared/event-queue';
import { startFaultSwitches } from '../shared/fault-switches';
import type { JsonLogger } from '../shared/json-logger';
import { route, startJsonServer } from '../shared/json-server';
import { createRedis } from '../shared/redis-client';
import { callService } from '../shared/service-client';
import type { RunningService } from '../shared/service-main';
import type { PaymentsConfig } from './payments.config';
import { chargeProvider, NORMAL_RETRY, STORM_RETRY } from './provider-client';

const payBody = z.object({ orderId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/** Starts the payments service: charges at the external provider, payments in SQLite, events on a Redis queue. */
export async function startPaymentsServer(config: PaymentsConfig, logger: JsonLogger): Promise<RunningService> {
  const db = traceDatabaseSync(new DatabaseSync(':memory:'), 'payments');
  context.with(suppressTracing(context.active()), () => db.exec('CREATE TABLE payments (id INTEGER PRIMARY KEY, order_id TEXT NOT NULL UNIQUE, charge_id TEXT NOT NULL, amount_cents INTEGER NOT NULL, created_at INTEGER NOT NULL)'));
  const redis = createRedis(config.redisUrl, config.redisKeyPrefix);
  const faults = startFaultSwitches(redis, logger);

  const server = await startJsonServer({
    name: 'payments',
    host: config.listenHost,
    port: config.port,
    logger,
    routes: [
      route({
        method: 'POST',
        pattern: '/payments',
        body: payBody,
        handle: async ({ body }) => {
          const order = await callService(config.ordersUrl, `/orders/${body.orderId}`, { timeoutMs: config.callTimeoutMs });
          if (order.status === 'failed') return { status: 502, body: { error: 'orders_unavailable', reason: order.reason } };
          if (order.statusCode === 404) return { status: 404, body: { error: 'order_not_found' } };
          const { totalCents, userId, status } = order.body as { totalCents: number; userId: string; status: string };
          if (userId !== body.userId) return { status: 404, body: { error: 'order_not_found' } };
          if (status === 'paid') return { status: 409, body: { error: 'already_paid' } };

          const policy = faults.isOn('retry-storm') ? STORM_RETRY : NORMAL_RETRY;
          const charge = await chargeProvider(config.providerUrl, { orderId: body.orderId, amountCents: totalCents }, policy, config.providerTimeoutMs);
          if (charge.status === 'declined') return { status: 402, body: { error: 'card_declined' } };
          if (charge.status === 'failed') {
            return { status: charge.reason === 'timeout' ? 504 : 502, body: { error: `provider_${charge.reason}`, attempts: charge.attempts } };
          }
          db.run('INSERT INTO payments (order_id, charge_id, amount_cents, created_at) VALUES (?, ?, ?, ?)', body.orderId, charge.chargeId, totalCents, Date.now());
          await publishEvent(redis, PAYMENT_EVENTS_QUEUE, { orderId: body.orderId });
          return { status: 200, body: { status: 'paid', chargeId: charge.chargeId, attempts: charge.attempts } };
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
