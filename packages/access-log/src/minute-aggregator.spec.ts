import { latencyBucketIndex } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { LogPipeline, createLineParser } from './log-pipeline';
import { type AggregatorOptions, type ClosedMinute, MinuteAggregator } from './minute-aggregator';
import { INVALID_ROUTE, RouteNormaliser } from './route-normaliser';

const FORMAT = '[$time_local] $host "$request" $status $body_bytes_sent $request_time "$upstream_response_time" $trace_id';
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function line(second: number, request: string, status = 200, opts: { host?: string; bytes?: number; rt?: string; urt?: string; trace?: string; minute?: number } = {}): string {
  const mm = String(opts.minute ?? 16).padStart(2, '0');
  return `[23/Nov/2026:09:${mm}:${String(second).padStart(2, '0')} +0000] ${opts.host ?? 'shop'} "${request}" ${status} ${opts.bytes ?? 100} ${opts.rt ?? '0.010'} "${opts.urt ?? '-'}" ${opts.trace ?? '-'}`;
}

function run(lines: string[], options: Partial<AggregatorOptions> = {}): { pipeline: LogPipeline; closed: ClosedMinute[] } {
  const pipeline = new LogPipeline(createLineParser({ format: FORMAT }), { defaultHost: 'default', ...options }, () => Date.UTC(2026, 10, 23, 9, 0));
  const buf = Buffer.from(lines.join('\n') + '\n');
  pipeline.consume(buf, 0, buf.length);
  pipeline.aggregator.closeAll();
  return { pipeline, closed: pipeline.aggregator.takeClosed() };
}

const MINUTE = Date.UTC(2026, 10, 23, 9, 16);

describe('RouteNormaliser', () => {
  const normaliser = new RouteNormaliser([{ pattern: '^/users/[^/]+/avatar$', route: '/users/:name/avatar' }]);
  it.each([
    ['/api/products/42', '/api/products/{num}'],
    ['/api/users/3fa85f64-5717-4562-b3fc-2c963f66afa6/orders', '/api/users/{uuid}/orders'],
    ['/images/5f1d7a9e3c2b4a1d8e6f0a7b.jpg', '/images/{hex}.jpg'],
    ['/static/js/app.3f9a1c2b.js', '/static/js/app.{hex}.js'],
    ['/files/8812.json', '/files/{num}.json'],
    ['/about/facade', '/about/facade'],
    ['/v2/items', '/v2/items'],
    ['//double//slash/', '//double//slash/'],
    ['/users/alice/avatar', '/users/:name/avatar'],
    ['http://example.com/p/1', '/p/{num}'],
    ['https://example.com', '/'],
    ['*', '*'],
    ['garbage', INVALID_ROUTE],
    [`/${'x'.repeat(400)}`, `/${'x'.repeat(254)}…`],
  ])('%s → %s', (path, route) => {
    expect(normaliser.normalise(path)).toBe(route);
  });
});

describe('MinuteAggregator', () => {
  it('counts per minute per host + method + route, with status codes, bytes and the shared latency buckets', () => {
    const { closed } = run([
      line(1, 'GET /api/products/1 HTTP/1.1', 200, { bytes: 10, rt: '0.010', urt: '0.008' }),
      line(2, 'GET /api/products/2?x=1 HTTP/1.1', 404, { bytes: 20, rt: '0.250', urt: '0.100, 0.140' }),
      line(3, 'GET /api/products/3 HTTP/1.1', 200, { bytes: 30, rt: '1.500', urt: '-' }),
      line(4, 'POST /api/products/3 HTTP/1.1', 201, { bytes: 1 }),
      line(5, 'GET /api/products/4 HTTP/1.1', 200, { host: 'other.example' }),
      line(0, 'GET /api/products/5 HTTP/1.1', 503, { minute: 17, rt: '2.000', trace: TRACE }),
    ], { slowThresholdUs: 1_000_000 });
    expect(closed.map((m) => [m.minuteEpochMs, m.seq])).toEqual([[MINUTE, 0], [MINUTE + 60_000, 0]]);
    const first = closed[0]!;
    const get = first.entries.find((e) => e.host === 'shop' && e.method === 'GET')!;
    expect(get).toEqual({
      host: 'shop',
      method: 'GET',
      route: '/api/products/{num}',
      count: 3,
      statusCounts: { '200': 2, '404': 1 },
      bytes: 60,
      slowCount: 1,
      requestTime: {
        count: 3, sumUs: 1_760_000, maxUs: 1_500_000,
        buckets: { [latencyBucketIndex(10_000)]: 1, [latencyBucketIndex(250_000)]: 1, [latencyBucketIndex(1_500_000)]: 1 },
      },
      upstreamTime: { count: 2, sumUs: 248_000, maxUs: 240_000, buckets: { [latencyBucketIndex(8_000)]: 1, [latencyBucketIndex(240_000)]: 1 } },
    });
    expect(first.entries.map((e) => `${e.host} ${e.method} ${e.route} ${e.count}`).sort()).toEqual([
      'other.example GET /api/products/{num} 1',
      'shop GET /api/products/{num} 3',
      'shop POST /api/products/{num} 1',
    ]);
    expect(first.samples).toEqual([
      expect.objectContaining({ reason: 'slow', path: '/api/products/3', status: 200, requestTimeUs: 1_500_000, upstreamTimeUs: null, traceId: null }),
    ]);
    expect(closed[1]!.samples).toEqual([
      expect.objectContaining({ reason: 'server_error', route: '/api/products/{num}', status: 503, traceId: TRACE, line: line(0, 'GET /api/products/5 HTTP/1.1', 503, { minute: 17, rt: '2.000', trace: TRACE }) }),
    ]);
  });

  it('puts routes past the cap into {other} and keeps counting', () => {
    const lines = Array.from({ length: 10 }, (_, i) => line(1, `GET /r${String.fromCharCode(97 + i)} HTTP/1.1`));
    const { closed, pipeline } = run(lines, { maxRoutes: 3 });
    const routes = Object.fromEntries(closed[0]!.entries.map((e) => [e.route, e.count]));
    expect(routes).toEqual({ '/ra': 1, '/rb': 1, '/rc': 1, '{other}': 7 });
    expect(pipeline.aggregator.overflowedLines).toBe(7);
  });

  it('counts invalid request lines under method "-" and {invalid}, and unparseable lines apart', () => {
    const { closed } = run([line(1, '-', 400), line(2, '\\x16\\x03\\x01', 400), 'not a log line', line(3, 'G@T / HTTP/1.1', 400)]);
    expect(closed[0]!.entries).toEqual([expect.objectContaining({ host: 'shop', method: '-', route: INVALID_ROUTE, count: 3, statusCounts: { '400': 3 } })]);
    expect(closed[0]!.unparsed).toEqual({ count: 1, samples: ['not a log line'] });
  });

  it('bounds samples per minute', () => {
    const lines = Array.from({ length: 50 }, (_, i) => line(i, 'GET /x HTTP/1.1', 500, { trace: TRACE }));
    const { closed } = run(lines, { maxErrorSamples: 4 });
    expect(closed[0]!.samples).toHaveLength(4);
    expect(closed[0]!.entries[0]!.count).toBe(50);
  });

  it('a line for a minute already closed reopens it under the next sequence number', () => {
    const pipeline = new LogPipeline(createLineParser({ format: FORMAT }), { defaultHost: 'd' });
    const feed = (text: string) => {
      const buf = Buffer.from(`${text}\n`);
      pipeline.consume(buf, 0, buf.length);
    };
    feed(line(1, 'GET /a HTTP/1.1'));
    feed(line(2, 'GET /a HTTP/1.1'));
    pipeline.aggregator.close(MINUTE + 60_000);
    feed(line(3, 'GET /a HTTP/1.1'));
    pipeline.aggregator.close(MINUTE + 60_000);
    const closed = pipeline.aggregator.takeClosed();
    expect(closed.map((m) => [m.minuteEpochMs, m.seq, m.entries[0]!.count])).toEqual([[MINUTE, 0, 2], [MINUTE, 1, 1]]);
  });

  it('resumes from a snapshot with the same totals as an uninterrupted run', () => {
    const lines = Array.from({ length: 40 }, (_, i) => line(i, `GET /p/${i} HTTP/1.1`, i % 7 === 0 ? 502 : 200, { rt: `0.${String(i).padStart(3, '0')}` }));
    const whole = run(lines).closed;

    const first = new LogPipeline(createLineParser({ format: FORMAT }), { defaultHost: 'd' });
    const a = Buffer.from(lines.slice(0, 17).join('\n') + '\n');
    first.consume(a, 0, a.length);
    const snapshot = JSON.parse(JSON.stringify(first.aggregator.snapshot()));
    const second = new MinuteAggregator({ defaultHost: 'd' });
    second.restore(snapshot);
    const resumed = new LogPipeline(createLineParser({ format: FORMAT }), second);
    const b = Buffer.from(lines.slice(17).join('\n') + '\n');
    resumed.consume(b, 0, b.length);
    resumed.aggregator.closeAll();
    expect(resumed.aggregator.takeClosed()).toEqual(whole);
  });

  it('closes the oldest minute when too many are open', () => {
    const pipeline = new LogPipeline(createLineParser({ format: FORMAT }), { defaultHost: 'd', maxOpenMinutes: 2 });
    const buf = Buffer.from([0, 1, 2, 3].map((m) => line(1, 'GET / HTTP/1.1', 200, { minute: m })).join('\n') + '\n');
    pipeline.consume(buf, 0, buf.length);
    expect(pipeline.aggregator.takeClosed().map((m) => new Date(m.minuteEpochMs).getUTCMinutes())).toEqual([0, 1]);
  });
});
