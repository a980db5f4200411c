import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { init, TRACE_ID_HEADER, type LinkscopeHandle } from '../index';
import { startFakeCollector, type FakeCollector } from '../testing/fake-collector';
import { KeepErrorsAndSlowSampler } from './keep-errors.sampler';

const nodeRequire = createRequire(__filename);
let collector: FakeCollector;
let handle: LinkscopeHandle;
let url: string;
let server: import('node:http').Server;

beforeAll(async () => {
  collector = await startFakeCollector(nodeRequire('node:http') as typeof import('node:http'));
  // Ratio 0: head sampling picks nothing, so whatever is exported was kept by the tail rules.
  handle = init({ serviceName: 'sampling-spec', endpoint: collector.url, apiKey: 'k', sampleRatio: 0, slowThresholdMs: 150, handleShutdownSignals: false, metricsIntervalMs: 60_000, logs: false });
  const http = nodeRequire('node:http') as typeof import('node:http');
  server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    const tracer = trace.getTracer('spec');
    tracer.startActiveSpan('work', (work) => {
      if (path === '/child-error') work.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
      work.end();
      const delay = path === '/slow' ? 200 : 0;
      setTimeout(() => {
        response.statusCode = path === '/fail' ? 500 : 200;
        response.end();
      }, delay);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await handle.shutdown();
  await collector.close();
});

/** Calls `path` as an uninstrumented client would and returns the exported spans of its trace. */
async function exportedFor(path: string): Promise<{ traceId: string; names: string[] }> {
  const response = await context.with(suppressTracing(context.active()), () => fetch(`${url}${path}`));
  const traceId = response.headers.get(TRACE_ID_HEADER)!;
  // The server span ends after the response is read; give it a moment, then flush.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await handle.forceFlush();
  return { traceId, names: collector.spans().filter((span) => span.traceId === traceId).map((span) => span.name).sort() };
}

describe('head sampling at ratio 0 with errors and slow requests kept', () => {
  it('drops a fast, successful request entirely', async () => {
    const { traceId, names } = await exportedFor('/ok');

    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(names).toEqual([]);
  });

  it('keeps the whole local trace of a request that answers 500', async () => {
    expect((await exportedFor('/fail')).names).toEqual(['GET', 'work']);
  });

  it('keeps it when only a child span failed', async () => {
    expect((await exportedFor('/child-error')).names).toEqual(['GET', 'work']);
  });

  it('keeps a request slower than the threshold', async () => {
    expect((await exportedFor('/slow')).names).toEqual(['GET', 'work']);
  });
});

describe('HTTP request metrics below sample ratio 1', () => {
  it('are recorded, since the spans no longer count every request', async () => {
    await exportedFor('/ok');
    await handle.forceFlush();

    expect(collector.metricNames()).toContain('http.server.request.duration');
  });
});

describe('KeepErrorsAndSlowSampler', () => {
  const ratioOf = (ratio: number): number => {
    const sampler = new KeepErrorsAndSlowSampler(ratio);
    let sampled = 0;
    for (let index = 0; index < 10_000; index += 1) {
      const traceId = (index * 2654435761 % 2 ** 32).toString(16).padStart(32, '0');
      if (sampler.shouldSample(context.active(), traceId, 'x', 0, {}, []).decision === 2) sampled += 1;
    }
    return sampled / 10_000;
  };

  it('samples new traces at the configured share, deciding on the trace id', () => {
    expect(ratioOf(0.25)).toBeCloseTo(0.25, 1);
    expect(ratioOf(1)).toBe(1);
    expect(ratioOf(0)).toBe(0);
  });

  it('follows a sampled parent and records an unsampled one without sampling it', () => {
    const sampler = new KeepErrorsAndSlowSampler(0);
    const parent = (flags: number) => trace.setSpanContext(context.active(), { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: flags, isRemote: true });

    expect(sampler.shouldSample(parent(1), 'a'.repeat(32), 'x', 0, {}, []).decision).toBe(2);
    expect(sampler.shouldSample(parent(0), 'a'.repeat(32), 'x', 0, {}, []).decision).toBe(1);
  });
});
