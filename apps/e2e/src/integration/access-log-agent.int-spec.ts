import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROFILES, waitFor } from '@linkscope/devstack';
import type { AccessLogSummaryResponse, LayerEntityListResponse } from '@linkscope/domain';
import { Storage } from '@linkscope/storage';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session';
import { DEV_SCOPE, eventually, testStorageConfig } from './test-stack';

/**
 * The access-log agent as a real process against the real collector, worker and Elasticsearch of
 * the test stack: rotation of both kinds, restart from a checkpoint (after a crash and after a
 * clean stop), and a collector outage — each must store exactly the per-minute counts written,
 * once. Lines are stamped in minutes 20+ minutes ahead, so only the log's own clock closes them
 * (a minute closes once a line 70 s past its start is read), and each test has a host of its own.
 */
const stack = inject('stack');
const repo = path.resolve(__dirname, '..', '..', '..', '..');
const storage = new Storage(testStorageConfig(stack));
const running = new Set<ChildProcess>();
let dir: string;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function timeLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
const F0 = Math.floor(Date.now() / 60_000) * 60_000 + 20 * 60_000;
const minute = (n: number) => F0 + n * 60_000;

let serial = 0;
/** `count` combined lines at second `second` of minute n. */
function lines(n: number, second: number, count: number, request = 'GET /api/items'): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    serial++;
    text += `10.1.${serial % 250}.${i % 250} - - [${timeLocal(minute(n) + second * 1000)}] "${request}/${serial} HTTP/1.1" ${i % 10 === 0 ? 503 : 200} 321 "-" "agent-int-spec"\n`;
  }
  return text;
}

function setup(name: string, overrides: Record<string, unknown> = {}): { host: string; log: string; configFile: string; stateDir: string } {
  dir = mkdtempSync(path.join(tmpdir(), `agent-${name}-`));
  const host = `${name}-${randomBytes(4).toString('hex')}.test`;
  const log = path.join(dir, 'access.log');
  const stateDir = path.join(dir, 'state');
  const configFile = path.join(dir, 'agent.json');
  writeFileSync(log, '');
  writeFileSync(
    configFile,
    JSON.stringify({
      collector: stack.urls.collector,
      agentId: `int-${name}`,
      stateDir,
      files: [{ path: log, format: 'combined', host, startAt: 'beginning' }],
      pollMs: 50,
      closeGraceMs: 10_000,
      checkpointIntervalMs: 100,
      rotationGraceMs: 300,
      minBackoffMs: 100,
      maxBackoffMs: 500,
      timeoutMs: 2000,
      ...overrides,
    }),
  );
  return { host, log, configFile, stateDir };
}

function startAgent(configFile: string): ChildProcess {
  const child = spawn(process.execPath, [path.join(repo, 'apps', 'agent', 'dist', 'main.js'), '--config', configFile], {
    env: { ...process.env, LINKSCOPE_API_KEY: stack.ingestKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  child.kill(signal);
  await waitFor(async () => child.exitCode !== null || child.signalCode !== null, 10_000, 20);
}

/** Waits until the agent's checkpoint says it has read `file` to its end. */
async function caughtUp(stateDir: string, file: string): Promise<void> {
  await eventually(async () => {
    const checkpoint = JSON.parse(readFileSync(path.join(stateDir, 'checkpoint.json'), 'utf8'));
    return checkpoint.files[file]?.follower.current?.offset === statSync(file).size ? true : undefined;
  }, `agent to read ${file} to its end`, 20_000);
}

async function stored(host: string, minutes: number): Promise<number[]> {
  await storage.refreshSpans();
  const totals = await storage.accessLogs.minuteTotals(DEV_SCOPE, { fromMs: minute(0), toMs: minute(minutes - 1), host });
  return Array.from({ length: minutes }, (_, n) => totals.find((t) => t.minuteEpochMs === minute(n))?.count ?? 0);
}

/** Waits for the expected per-minute counts, then checks they stay put (nothing arrives twice). */
async function expectCounts(host: string, expected: number[]): Promise<void> {
  await eventually(async () => (JSON.stringify(await stored(host, expected.length)) === JSON.stringify(expected) ? true : undefined), `per-minute counts ${JSON.stringify(expected)}`, 45_000).catch(async (error: unknown) => {
    throw new Error(`${(error as Error).message}; stored ${JSON.stringify(await stored(host, expected.length))}`, { cause: error });
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(await stored(host, expected.length)).toEqual(expected);
}

afterEach(async () => {
  for (const child of running) await stop(child, 'SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await storage.close();
});

describe('access-log agent against the real collector, worker and Elasticsearch', () => {
  it('rename rotation: lines in the old file (also after the rename) and the new one each counted once', async () => {
    const { host, log, configFile, stateDir } = setup('rename');
    const agent = startAgent(configFile);
    appendFileSync(log, lines(0, 5, 60));
    await caughtUp(stateDir, log);
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, lines(0, 30, 15)); // the writer has not reopened yet
    writeFileSync(log, lines(0, 40, 25) + lines(1, 15, 40));
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the rotation grace
    appendFileSync(log, lines(1, 30, 10) + lines(4, 0, 1));
    await expectCounts(host, [100, 50]);
    await stop(agent, 'SIGTERM');
  });

  it('copy-truncate: lines not yet read come from the copy, later lines from the truncated file, each once', async () => {
    const { host, log, configFile, stateDir } = setup('copytruncate');
    const agent = startAgent(configFile);
    appendFileSync(log, lines(0, 5, 80));
    await caughtUp(stateDir, log);
    appendFileSync(log, lines(0, 50, 20));
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    appendFileSync(log, lines(1, 15, 30) + lines(1, 45, 10) + lines(4, 0, 1));
    await expectCounts(host, [100, 40]);
    await stop(agent, 'SIGTERM');
  });

  it('restart: after a crash lines past the checkpoint are read again without double counting; after a clean stop the open minute continues', async () => {
    const { host, log, configFile, stateDir } = setup('restart', { checkpointIntervalMs: 600_000 });
    const first = startAgent(configFile);
    await eventually(async () => (existsSync(path.join(stateDir, 'checkpoint.json')) ? true : undefined), 'first checkpoint');
    appendFileSync(log, lines(0, 5, 100) + lines(1, 5, 30));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // No minute closed, so the checkpoint never saw these lines: the crash loses the in-memory minutes.
    expect(JSON.parse(readFileSync(path.join(stateDir, 'checkpoint.json'), 'utf8')).files[log].follower.current.offset).toBe(0);
    await stop(first, 'SIGKILL');

    appendFileSync(log, lines(1, 40, 40) + lines(2, 20, 30));
    const second = startAgent(configFile);
    await expectCounts(host, [100, 70, 0]);
    await stop(second, 'SIGTERM'); // minute 2 (30 lines) is saved open in the checkpoint

    appendFileSync(log, lines(2, 50, 20) + lines(5, 0, 1));
    const third = startAgent(configFile);
    await expectCounts(host, [100, 70, 50]);
    await stop(third, 'SIGTERM');
  });

  it('collector outage: closed minutes wait on disk (across an agent restart) and arrive in order, once, when it returns', async () => {
    const slotOffset = Number(new URL(stack.urls.collector).port) - PROFILES.test.ports.collector;
    const port = 26318 + slotOffset; // below Linux's source-port range, like the stack's ports
    const { host, log, configFile, stateDir } = setup('outage', { collector: `http://127.0.0.1:${port}` });
    const agent = startAgent(configFile);
    appendFileSync(log, lines(0, 5, 100) + lines(1, 5, 60) + lines(2, 5, 7) + lines(5, 0, 1));
    const spool = path.join(stateDir, 'spool');
    await eventually(async () => (readdirSync(spool).filter((n) => n.endsWith('.json')).length === 3 ? true : undefined), 'three closed minutes in the spool');
    await stop(agent, 'SIGTERM');
    const restarted = startAgent(configFile);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await stored(host, 3)).toEqual([0, 0, 0]);

    // The collector comes back (a front that records the order of arrival, then forwards to the real one).
    const order: number[] = [];
    const front: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        order.push(JSON.parse(body.toString()).minuteEpochMs);
        void fetch(`${stack.urls.collector}${request.url}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': String(request.headers['x-linkscope-ingest-key']) }, body }).then(async (r) => {
          response.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text());
        });
      });
    });
    await new Promise<void>((resolve) => front.listen(port, '127.0.0.1', resolve));
    try {
      await expectCounts(host, [100, 60, 7]);
      expect(order).toEqual([minute(0), minute(1), minute(2)]);
      expect(readdirSync(spool).filter((n) => n.endsWith('.json'))).toEqual([]);
    } finally {
      await stop(restarted, 'SIGTERM');
      await new Promise((resolve) => front.close(resolve));
    }
  });

  it("the stack's own agent follows the demo gateway's access log: every request through the gateway is counted once, under its route", async () => {
    const requests = 23;
    const from = Math.floor(Date.now() / 60_000) * 60_000;
    for (let i = 0; i < requests; i++) {
      const response = await fetch(`${stack.urls.gateway}/agent-int-spec/${1000 + i}?i=${i}`);
      await response.arrayBuffer();
      expect(response.status).toBe(404);
    }
    const to = Math.floor(Date.now() / 60_000) * 60_000;
    const ours = async () => {
      await storage.refreshSpans();
      const routes = await storage.accessLogs.routeTotals(DEV_SCOPE, { fromMs: from, toMs: to, host: 'demo-gateway' });
      return routes.find((r) => r.method === 'GET' && r.route === '/agent-int-spec/{num}');
    };
    // The agent closes a minute 2 s after it ends (test profile), so this can take a minute.
    const route = await eventually(async () => ((await ours())?.count === requests ? await ours() : undefined), `${requests} gateway requests in the access-log statistics`, 90_000).catch(async (error: unknown) => {
      throw new Error(`${(error as Error).message}; stored ${JSON.stringify(await ours())}`, { cause: error });
    });
    expect(route?.statusCounts).toEqual({ '404': requests });
    expect(Object.values(route?.requestTimeBuckets ?? {}).reduce((a, b) => a + b, 0)).toBe(requests);
  }, 120_000);

  it('log-derived URI rollups: the layers api lists each host + method + route under source "log" with exact counts and errors, none under "trace"', async () => {
    const { host, log, configFile } = setup('uri');
    const agent = startAgent(configFile);
    appendFileSync(log, lines(0, 5, 30) + lines(0, 20, 12, 'POST /api/carts') + lines(1, 5, 21) + lines(4, 0, 1));
    await expectCounts(host, [42, 21]);
    await stop(agent, 'SIGTERM');
    const api = await ApiSession.login(stack.urls.dashboard, stack.demoLogin.email, stack.demoLogin.password);
    const entities = async (source: string, fromMs: number, toMs: number) => {
      const response = await api.get<LayerEntityListResponse>(`/api/v1/layers/uri/entities?fromMs=${fromMs}&toMs=${toMs}&source=${source}&limit=1000`);
      expect(response.status).toBe(200);
      return response.body.entities.filter((e) => e.dims.service === host).map((e) => [e.source, e.dims.method, e.dims.route, e.figures.count, e.figures.errors]);
    };
    expect(await entities('log', minute(0), minute(2))).toEqual([
      ['log', 'GET', '/api/items/{num}', 51, 3 + 3],
      ['log', 'POST', '/api/carts/{num}', 12, 2],
    ]);
    expect(await entities('log', minute(1), minute(2))).toEqual([['log', 'GET', '/api/items/{num}', 21, 3]]);
    expect(await entities('trace', minute(0), minute(2))).toEqual([]);
  });

  it('stores slow and 5xx samples with the route, and counts unparseable lines', async () => {
    const { host, log, configFile } = setup('samples');
    const agent = startAgent(configFile);
    appendFileSync(log, lines(0, 5, 20) + 'this is not an access log line\n' + lines(4, 0, 1));
    await expectCounts(host, [20]);
    await stop(agent, 'SIGTERM');
    const samples = await storage.accessLogs.samples(DEV_SCOPE, { fromMs: minute(0), toMs: minute(1), limit: 100 });
    const ours = samples.filter((s) => s.host === host);
    expect(ours).toHaveLength(2);
    expect(ours.every((s) => s.reason === 'server_error' && s.status === 503 && s.route === '/api/items/{num}')).toBe(true);
    const totals = await storage.accessLogs.minuteTotals(DEV_SCOPE, { fromMs: minute(0), toMs: minute(0) });
    expect(totals.find((t) => t.minuteEpochMs === minute(0))?.unparsed).toBeGreaterThanOrEqual(1);

    // The api's summary of the same window and host, read as the demo organisation's owner.
    const api = await ApiSession.login(stack.urls.dashboard, stack.demoLogin.email, stack.demoLogin.password);
    const answer = await api.get<AccessLogSummaryResponse>(`/api/v1/access-logs/summary?fromMs=${minute(0)}&toMs=${minute(1)}&host=${host}`);
    expect(answer.status).toBe(200);
    const summary = answer.body;
    expect(summary.minutes.map((m) => [m.minuteEpochMs, m.count, m.errors])).toEqual([[minute(0), 20, 2]]);
    expect(summary.totals.count).toBe(20);
    expect(summary.totals.unparsed).toBeGreaterThanOrEqual(1);
    expect(summary.samples.map((s) => [s.route, s.status, s.reason])).toEqual([
      ['/api/items/{num}', 503, 'server_error'],
      ['/api/items/{num}', 503, 'server_error'],
    ]);
    const bad = await api.get(`/api/v1/access-logs/summary?fromMs=${minute(1)}&toMs=${minute(0)}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('toMs must be after fromMs');
  });
});
