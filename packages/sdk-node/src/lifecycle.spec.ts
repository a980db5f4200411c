import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeCollector, type FakeCollector } from './testing/fake-collector';

// These start real processes with the built SDK (dist/), as a user's application would run it.
const FIXTURES = path.join(__dirname, 'testing', 'fixtures');
const SERVER = 2;

let collector: FakeCollector;

beforeAll(async () => {
  collector = await startFakeCollector(http);
});

afterAll(() => collector.close());

/** Starts a fixture app with `preload` and resolves with its port once it listens. */
async function startApp(preloadFlag: '-r' | '--import', file: string, serviceName: string): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  const child = spawn(process.execPath, [preloadFlag, '@linkscope/sdk-node/register', path.join(FIXTURES, file)], {
    cwd: FIXTURES,
    env: {
      ...process.env,
      OTEL_SERVICE_NAME: serviceName,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      LINKSCOPE_API_KEY: 'ls_spec_key',
      OTEL_METRICS_EXPORTER: 'none',
      // A long batch delay: anything that arrives came from the shutdown flush.
      OTEL_BSP_SCHEDULE_DELAY: '60000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code}: ${stderr}`)));
  });
  return { child, port, stderr: () => stderr };
}

async function stopWithSigterm(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  return exited;
}

// Each test starts a Node process; on a loaded machine that alone can take seconds.
describe('preloading the SDK into an unmodified application', { timeout: 30_000 }, () => {
  it('traces a CommonJS app (-r), and SIGTERM flushes every span and log record before it exits', async () => {
    const { child, port } = await startApp('-r', 'preload-app.cjs', 'preload-cjs');
    const traceIds: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      const response = await fetch(`http://127.0.0.1:${port}/item/${index}`);
      traceIds.push(response.headers.get('x-trace-id')!);
    }

    const exit = await stopWithSigterm(child);

    const spans = collector.spans().filter((span) => span.serviceName === 'preload-cjs' && span.kind === SERVER);
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set(traceIds));
    const logs = collector.logRecords().filter((record) => record.serviceName === 'preload-cjs' && record.body === 'handled');
    expect(new Set(logs.map((record) => record.traceId))).toEqual(new Set(traceIds));
    // The SDK re-raises the signal after flushing, so the process ends as it would have without it.
    expect(exit.signal).toBe('SIGTERM');
  });

  it('traces an ES module app (--import) the same way', async () => {
    const { child, port } = await startApp('--import', 'preload-app.mjs', 'preload-esm');
    const response = await fetch(`http://127.0.0.1:${port}/`);
    const traceId = response.headers.get('x-trace-id');

    await stopWithSigterm(child);

    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(collector.spans().filter((span) => span.serviceName === 'preload-esm' && span.traceId === traceId)).toHaveLength(1);
  });

  it('takes the service name from the app package.json when OTEL_SERVICE_NAME is unset', async () => {
    const { child, port } = await startApp('-r', 'preload-app.cjs', '');
    const traceId = (await fetch(`http://127.0.0.1:${port}/`)).headers.get('x-trace-id');

    await stopWithSigterm(child);

    const span = collector.spans().find((candidate) => candidate.traceId === traceId);
    expect(span?.serviceName).toBe('sdk-fixture-app');
  });
});
