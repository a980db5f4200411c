import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

import { startFaultSwitches } from '../shared/fault-switches';
import type { JsonLogger } from '../shared/json-logger';
import { route, startJsonServer } from '../shared/json-server';
import { createRedis } from '../shared/redis-client';
import type { RunningService } from '../shared/service-main';
import type { ProviderConfig } from './provider.config';

const chargeBody = z.object({ orderId: z.string().min(1).max(64), amountCents: z.number().int().min(1).max(100_000_000) });

/**
 * The external payment provider: a third party the shop cannot instrument, so this process runs
 * without the SDK and Linkscope sees it only through the payments service's CLIENT spans (the
 * interface layer). It reads the shop's fault switches only to play its part in the demo.
 */
export async function startProviderServer(config: ProviderConfig, logger: JsonLogger): Promise<RunningService> {
  const redis = createRedis(config.redisUrl, config.redisKeyPrefix);
  const faults = startFaultSwitches(redis, logger);
  const server = await startJsonServer({
    name: 'payment-provider',
    host: config.listenHost,
    port: config.port,
    logger,
    routes: [
      route({
        method: 'POST',
        pattern: '/v1/charges',
        body: chargeBody,
        handle: async () => {
          if (faults.isOn('retry-storm')) return { status: 503, body: { error: 'temporarily_unavailable' } };
          await sleep(faults.isOn('provider-timeout') ? config.stallMs : 20 + Math.random() * 60);
          if (Math.random() < config.declineRate) return { status: 402, body: { status: 'declined', reason: 'card_declined' } };
          return { status: 200, body: { status: 'captured', chargeId: `ch_${randomUUID().replaceAll('-', '').slice(0, 16)}` } };
        },
      }),
    ],
  });
  return {
    server,
    close: async () => {
      faults.stop();
      redis.disconnect();
    },
  };
}
