import { type ChildProcess, spawn } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { DEV_INGEST_KEY, PROFILES, waitFor } from '@linkscope/devstack';
import { Storage } from '@linkscope/storage';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEV_SCOPE, testStorageConfig } from './test-stack';

/**
 * Failure drills on real processes: a collector and a worker of this spec's own (own ports, Redis
 * database and index prefix), killed and cut off from their dependencies mid-load. What the
 * collector acknowledged must reach Elasticsearch exactly once.
 */
const stack = inject('stack');
const repo = path.resolve(__dirname, '..', '..', '..', '..');
const slotOffset = Number(new URL(stack.urls.collector).port) - PROFILES.test.ports.collector;
const port = 25318 + slotOffset; // below Linux's source-port range, like the stack's ports
const redisDb = 12 + slotOffset / 10;
const prefix = `lsrel${slotOffset / 10}`;
const redisBase = new URL(stack.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const redisUrl = `${redisBase.protocol}//${redisBase.host}/${redisDb}`;
const storage = new Storage(testStorageConfig(stack, prefix));
const running = new Set<ChildProcess>();

function start(app: 'collector' | 'worker', env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [path.join(repo, 'apps', app, 'dist', 'main.js')], {
    env: {
      ...process.env,
      ...stack.env,
      REDIS_URL: redisUrl,
      // The collector only reads ingest keys (from the stack's config index, where the api seeded
      // the development key); the worker writes this spec's own indices.
      ES_INDEX_PREFIX: app === 'collector' ? (stack.env['ES_INDEX_PREFIX'] ?? prefix) : prefix,
      COLLECTOR_PORT: String(port),
      COLLECTOR_ZIPKIN_PORT: String(port + 1),
      COLLECTOR_GRPC_PORT: String(port + 2),
      WORKER_LOCK_MS: '3000',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: 'ignore',
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  child.kill(signal);
  await waitFor(async () => child.exitCode !== null || child.signalCode !== null, 10_000, 50);
}

async function collectorReady(): Promise<void> {
  const ok = await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true, 20_000, 100);
  if (!ok) throw new Error('collector did not start');
}

let batchCounter = 0;
/** An OTLP/JSON body with `spans` fresh spans of a trace of its own. */
function batchBody(spans: number): string {
  const batch = batchCounter++;
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'drill' } }] }, scopeSpans: [{ spans: Array.from({ length: spans }, (_, i) => ({
      traceId: (batch + 1).toString(16).padStart(32, 'e'),
      spanId: (batch * 10_000 + i + 1).toString(16).padStart(16, '0'),
      name: 'drill',
      kind: 2,
      startTimeUnixNano: String(nowNs + BigInt(i)),
      endTimeUnixNano: String(nowNs + BigInt(i) + 1000n),
    })) }] }],
  });
}

/** One OTLP/JSON request with `spans` fresh spans; resolves with the HTTP status. */
async function sendBatch(spans: number): Promise<number> {
  const body = batchBody(spans);
  const response = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': DEV_INGEST_KEY }, body });
  await response.arrayBuffer();
  return response.status;
}

async function storedSpans(): Promise<number> {
  await storage.refreshSpans();
  return storage.spans.countSpans(DEV_SCOPE, Date.now() - 3_600_000, Date.now() + 60_000);
}

async function settle(expected: number): Promise<number> {
  await waitFor(async () => (await storedSpans()) >= expected, 90_000, 250);
  // Any duplicate would arrive after the last original: wait past one more lock period.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  return storedSpans();
}

beforeAll(async () => {
  await storage.purge();
  await storage.ensureTemplates();
});
afterEach(async () => {
  for (const child of [...running]) await stop(child, 'SIGKILL');
});
afterAll(async () => {
  await storage.purge();
  await storage.close();
});

describe('what the collector acknowledged reaches Elasticsearch exactly once', () => {
  it('when the worker is killed with SIGKILL in the middle of the load and started again', async () => {
    const before = await storedSpans();
    start('collector');
    await collectorReady();
    let worker = start('worker');
    let acknowledged = 0;
    for (let round = 0; round < 30; round++) {
      const statuses = await Promise.all([sendBatch(200), sendBatch(200)]);
      acknowledged += statuses.filter((status) => status === 200).length * 200;
      if (round === 10) {
        await stop(worker, 'SIGKILL');
      }
      if (round === 20) worker = start('worker');
    }
    expect(acknowledged).toBe(30 * 2 * 200);
    expect((await settle(before + acknowledged)) - before).toBe(acknowledged);
  });

  it('when Elasticsearch is unreachable for a while: batches wait in Redis and arrive once it is back', async () => {
    const before = await storedSpans();
    start('collector');
    await collectorReady();
    // A worker that cannot reach Elasticsearch: its writes fail and the jobs back off and retry.
    const cutOff = start('worker', { ES_URL: 'http://127.0.0.1:9' });
    let acknowledged = 0;
    for (let i = 0; i < 10; i++) if ((await sendBatch(100)) === 200) acknowledged += 100;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await storedSpans()).toBe(before);
    await stop(cutOff, 'SIGTERM');
    start('worker');
    expect((await settle(before + acknowledged)) - before).toBe(1000);
  });

  it('when the collector is stopped with SIGTERM mid-request: the request in flight is answered and stored, then the collector exits 0 and refuses new connections', async () => {
    const before = await storedSpans();
    const collector = start('collector');
    await collectorReady();
    start('worker');
    const body = Buffer.from(batchBody(300));
    const half = Math.floor(body.length / 2);
    // Headers and half the body now, the rest after SIGTERM: the request is in flight when the signal arrives.
    const request = http.request({ host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-linkscope-ingest-key': DEV_INGEST_KEY } });
    const answered = new Promise<number>((resolve, reject) => {
      request.once('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.once('error', reject);
    });
    request.write(body.subarray(0, half));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = new Promise<number | null>((resolve) => collector.once('exit', (code) => resolve(code)));
    collector.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(collector.exitCode).toBeNull(); // still finishing the request in flight
    request.end(body.subarray(half));
    expect(await answered).toBe(200);
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect((await settle(before + 300)) - before).toBe(300);
  });

  it('when Redis is unreachable: the collector answers 503 with Retry-After, never 200', async () => {
    start('collector', { REDIS_URL: 'redis://127.0.0.1:9/0' });
    await collectorReady();
    const response = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': DEV_INGEST_KEY },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'f'.repeat(32), spanId: 'f'.repeat(16), name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }] }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
  });
});
