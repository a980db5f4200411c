import { trace } from '@opentelemetry/api';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { init, type LinkscopeHandle } from './index';
import { startFakeCollector, type FakeCollector } from './testing/fake-collector';
import type { DecodedSpan } from './testing/protobuf-wire.reader';

// Both Redis clients talk to the real Redis the integration stack runs (its own database for
// this test slot); spans go to a local fake collector so their attributes are seen as sent.
const nodeRequire = createRequire(__filename);
const CLIENT = 3;
const redisUrl = new URL(inject('stack').env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const keyPrefix = `sdk-spec-${process.pid}:`;

let collector: FakeCollector;
let handle: LinkscopeHandle;

beforeAll(async () => {
  collector = await startFakeCollector(nodeRequire('node:http') as typeof import('node:http'));
  handle = init({ serviceName: 'redis-spec', endpoint: collector.url, apiKey: 'k', handleShutdownSignals: false, metrics: false, logs: false });
});

afterAll(async () => {
  await handle.shutdown();
  await collector.close();
});

async function inRootSpan(body: () => Promise<void>): Promise<string> {
  return trace.getTracer('spec').startActiveSpan('spec-root', async (span) => {
    try {
      await body();
    } finally {
      span.end();
    }
    return span.spanContext().traceId;
  });
}

async function spansOf(traceId: string, count: number): Promise<DecodedSpan[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    await handle.forceFlush();
    const spans = collector.spans().filter((span) => span.traceId === traceId && span.kind === CLIENT);
    if (spans.length >= count || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ioredis against the real Redis', () => {
  it('records each command as a CLIENT span with the database semantic conventions, under the active span', async () => {
    const Redis = (nodeRequire('ioredis') as typeof import('ioredis')).default;
    const client = new Redis(redisUrl.toString(), { lazyConnect: true });
    await client.connect();
    try {
      const traceId = await inRootSpan(async () => {
        await client.set(`${keyPrefix}cart`, '3', 'EX', 60);
        expect(await client.get(`${keyPrefix}cart`)).toBe('3');
        await expect(client.incr(`${keyPrefix}missing-type`).then(() => client.lpush(`${keyPrefix}missing-type`, 'x'))).rejects.toThrow(/WRONGTYPE/);
      });

      const spans = await spansOf(traceId, 4);
      const get = spans.find((span) => span.name === 'get');
      expect(get?.attributes).toMatchObject({
        'db.system.name': 'redis',
        'db.operation.name': 'get',
        'db.query.text': `get ${keyPrefix}cart`,
        'server.address': redisUrl.hostname,
        'server.port': Number(redisUrl.port || 6379),
      });
      expect(spans.find((span) => span.name === 'lpush')?.statusCode).toBe(2);
      expect(spans.every((span) => span.parentSpanId !== '')).toBe(true);
    } finally {
      await client.del(`${keyPrefix}cart`, `${keyPrefix}missing-type`);
      client.disconnect();
    }
  });

  it('creates no span for a command outside any trace (requireParentSpan), so pool chatter stays out', async () => {
    const Redis = (nodeRequire('ioredis') as typeof import('ioredis')).default;
    const client = new Redis(redisUrl.toString());
    const before = collector.spans().length;
    await client.ping();
    await handle.forceFlush();
    client.disconnect();

    expect(collector.spans().slice(before).filter((span) => span.serviceName === 'redis-spec' && span.name === 'ping')).toEqual([]);
  });
});

describe('node-redis (redis v5) against the real Redis', () => {
  it('records each command as a CLIENT span with the database semantic conventions', async () => {
    const { createClient } = nodeRequire('redis') as typeof import('redis');
    const client = createClient({ url: redisUrl.toString() });
    await client.connect();
    try {
      const traceId = await inRootSpan(async () => {
        await client.hSet(`${keyPrefix}user`, { name: 'ada' });
        expect(await client.hGet(`${keyPrefix}user`, 'name')).toBe('ada');
      });

      const spans = await spansOf(traceId, 2);
      const hget = spans.find((span) => span.name === 'redis-HGET');
      expect(hget?.kind).toBe(CLIENT);
      // This instrumentation names commands `redis-<COMMAND>` and, unlike ioredis's, puts the
      // server address only on its `redis-connect` span, not on each command.
      expect(hget?.attributes).toMatchObject({ 'db.system.name': 'redis', 'db.operation.name': 'HGET' });
      expect(String(hget?.attributes['db.query.text'])).toMatch(/^HGET /);
      expect(hget?.parentSpanId).not.toBe('');
    } finally {
      await client.del(`${keyPrefix}user`);
      await client.quit();
    }
  });
});
