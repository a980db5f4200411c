import { markBusinessFailure, markBusinessSuccess, setBusinessTransaction } from '@linkscope/sdk-node';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';

import { FAULTS, isFaultName } from '../shared/faults';
import { FAULTS_KEY, startFaultSwitches } from '../shared/fault-switches';
import type { JsonLogger } from '../shared/json-logger';
import { route, startJsonServer, type Reply } from '../shared/json-server';
import { createRedis } from '../shared/redis-client';
import { callService, type CallOptions, type CallResult } from '../shared/service-client';
import type { RunningService } from '../shared/service-main';
import { openAccessLog } from './access-log';
import type { GatewayConfig } from './gateway.config';

const slug = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const addItemBody = z.object({ productId: slug, quantity: z.number().int().min(1).max(10) });
const faultBody = z.object({ enabled: z.boolean() });
/** Under the retry-storm fault the gateway, too, retries a failed payment at once, this many times in all. */
const STORM_PAYMENT_ATTEMPTS = 3;

/** Starts the public gateway: the shop's API, the fault switches and the access log. */
export async function startGatewayServer(config: GatewayConfig, logger: JsonLogger): Promise<RunningService> {
  const redis = createRedis(config.redisUrl, config.redisKeyPrefix);
  // A freshly started shop is healthy: switches left on by an earlier run (they live in Redis)
  // would otherwise surprise the next test or demo.
  await context.with(suppressTracing(context.active()), () => redis.del(FAULTS_KEY));
  const faults = startFaultSwitches(redis, logger);
  const accessLog = openAccessLog(config.accessLogFile);
  // Times of the calls made for each request, for $upstream_response_time.
  const upstreamTimes = new WeakMap<IncomingMessage, number[]>();

  const call = async (request: IncomingMessage, baseUrl: string, path: string, options: Partial<CallOptions> = {}): Promise<CallResult> => {
    const result = await callService(baseUrl, path, { timeoutMs: config.upstreamTimeoutMs, ...options });
    const times = upstreamTimes.get(request) ?? [];
    times.push(result.durationMs);
    upstreamTimes.set(request, times);
    return result;
  };

  /** The signed-in user of the request, from `Authorization: Bearer <session token>`. */
  const authenticate = async (request: IncomingMessage): Promise<{ userId: string } | Reply> => {
    const token = /^Bearer ([0-9a-f]{32})$/.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) return { status: 401, body: { error: 'login_required' } };
    const session = await call(request, config.usersUrl, `/sessions/${token}`);
    if (session.status === 'answered' && session.statusCode === 200) return { userId: (session.body as { userId: string }).userId };
    if (session.status === 'answered' && session.statusCode === 404) return { status: 401, body: { error: 'session_expired' } };
    return passOn(session);
  };

  const business = (name: string, reply: Reply): Reply => {
    setBusinessTransaction(name);
    if (reply.status < 400) markBusinessSuccess();
    else markBusinessFailure(String((reply.body as { error?: unknown } | null)?.error ?? `http_${reply.status}`));
    return reply;
  };

  const server = await startJsonServer({
    name: 'gateway',
    host: config.listenHost,
    port: config.port,
    logger,
    onFinish: (request, response, durationMs) => {
      const traceId = response.getHeader('x-trace-id');
      accessLog.write({
        remoteAddr: request.socket.remoteAddress ?? '-',
        timeMs: Date.now(),
        method: request.method ?? '-',
        target: request.url ?? '/',
        httpVersion: request.httpVersion,
        status: response.statusCode,
        bodyBytesSent: Number(response.getHeader('content-length') ?? 0),
        referer: request.headers.referer,
        userAgent: request.headers['user-agent'],
        requestTimeMs: durationMs,
        upstreamTimesMs: upstreamTimes.get(request) ?? [],
        traceId: typeof traceId === 'string' ? traceId : undefined,
      });
    },
    routes: [
      route({
        method: 'POST',
        pattern: '/api/login',
        body: loginBody,
        handle: async ({ request, body }) => business('login', passOn(await call(request, config.usersUrl, '/login', { method: 'POST', body }))),
      }),
      route({
        method: 'GET',
        pattern: '/api/products',
        handle: async ({ request }) => business('browse', passOn(await call(request, config.catalogueUrl, '/products'))),
      }),
      route({
        method: 'GET',
        pattern: '/api/products/:id',
        handle: async ({ request, params }) => business('browse', passOn(await call(request, config.catalogueUrl, `/products/${params['id']}`))),
      }),
      route({
        method: 'POST',
        pattern: '/api/cart/items',
        body: addItemBody,
        handle: async ({ request, body }) => {
          const user = await authenticate(request);
          if ('status' in user) return business('add-to-cart', user);
          return business('add-to-cart', passOn(await call(request, config.ordersUrl, `/carts/${user.userId}/items`, { method: 'POST', body })));
        },
      }),
      route({
        method: 'POST',
        pattern: '/api/orders',
        handle: async ({ request }) => {
          const user = await authenticate(request);
          if ('status' in user) return business('place-order', user);
          return business('place-order', passOn(await call(request, config.ordersUrl, '/orders', { method: 'POST', body: { userId: user.userId } })));
        },
      }),
      route({
        method: 'POST',
        pattern: '/api/orders/:id/pay',
        handle: async ({ request, params }) => {
          const user = await authenticate(request);
          if ('status' in user) return business('pay', user);
          const attempts = faults.isOn('retry-storm') ? STORM_PAYMENT_ATTEMPTS : 1;
          let result: CallResult | undefined;
          for (let attempt = 1; attempt <= attempts; attempt += 1) {
            result = await call(request, config.paymentsUrl, '/payments', {
              method: 'POST',
              body: { orderId: params['id'], userId: user.userId },
              timeoutMs: config.paymentTimeoutMs,
            });
            if (result.status === 'answered' && result.statusCode < 500) break;
          }
          return business('pay', passOn(result!));
        },
      }),
      route({
        method: 'GET',
        pattern: '/faults',
        handle: () => ({ status: 200, body: describeFaults(faults.state()) }),
      }),
      route({
        method: 'PUT',
        pattern: '/faults/:name',
        body: faultBody,
        handle: async ({ params, body }) => {
          const name = params['name'] ?? '';
          if (!isFaultName(name)) return { status: 404, body: { error: 'unknown_fault', known: Object.keys(FAULTS) } };
          const state = await faults.set(name, body.enabled);
          logger.info('fault switched', { fault: name, enabled: body.enabled });
          return { status: 200, body: describeFaults(state) };
        },
      }),
    ],
  });
  return {
    server,
    close: async () => {
      faults.stop();
      redis.disconnect();
      await accessLog.close();
    },
  };
}

function describeFaults(state: Record<string, boolean>): { faults: { name: string; enabled: boolean; service: string; layer: string; finding: string }[] } {
  return { faults: Object.entries(FAULTS).map(([name, fault]) => ({ name, enabled: state[name] ?? false, ...fault })) };
}

/** The upstream's answer as the gateway's reply; a call that got no answer is a 502 or 504. */
function passOn(result: CallResult): Reply {
  if (result.status === 'failed') return { status: result.reason === 'timeout' ? 504 : 502, body: { error: 'upstream_unavailable', reason: result.reason } };
  return { status: result.statusCode, body: result.body };
}
