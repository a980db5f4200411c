import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompiledLineParser } from './compiled-parser';
import { FormatLineParser } from './format-parser';
import { compileLogFormat } from './log-format';
import { LogPipeline, createLineParser } from './log-pipeline';
import { ParsedLine, textOf } from './parsed-line';

const EXTENDED = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $host $request_time "$upstream_response_time" $trace_id';
const DEMO_GATEWAY = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time $trace_id';
const FORMATS = ['combined', EXTENDED, DEMO_GATEWAY, '{"t":"$time_iso8601","r":"$request","s":$status,"u":"$upstream_response_time"}'];

function snapshot(line: ParsedLine): Record<string, unknown> {
  const { buf: _buf, ...rest } = line;
  return { ...rest };
}

/** Bytes that matter to the parsers, over-represented so that near-misses are common. */
const tricky = fc.constantFrom(...[' ', '"', '\\', '[', ']', '-', ':', ',', '?', '/', '\n', '\r', '\t', 'x', '0', '9', '\u00e9', '\uFFFD'].map((c) => Buffer.from(c)));
const validCombined = fc
  .record({
    ip: fc.oneof(fc.ipV4(), fc.ipV6()),
    second: fc.integer({ min: 0, max: 59 }),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
    path: fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
    query: fc.option(fc.webQueryParameters(), { nil: undefined }),
    status: fc.integer({ min: 100, max: 599 }),
    bytes: fc.nat({ max: 10_000_000 }),
    agent: fc.string({ maxLength: 200 }).map((s) => s.replace(/\\/g, '\\x5C').replace(/"/g, '\\x22').replace(/[\n\r]/g, ' ')),
  })
  .map((r) => ({
    ...r,
    line: `${r.ip} - - [23/Nov/2026:09:16:${String(r.second).padStart(2, '0')} +0000] "${r.method} ${r.path}${r.query ? `?${r.query}` : ''} HTTP/1.1" ${r.status} ${r.bytes} "-" "${r.agent}"`,
  }));

/** Property runs are CPU-bound; on a shared, loaded machine they need more than the default 5 s. */
const PROPERTY_TIMEOUT_MS = 60_000;

describe('parsers never crash and agree with each other', () => {
  it('no byte sequence makes a parser throw, and accepted lines have in-bounds fields', () => {
    const parsers = [...FORMATS.map((format) => createLineParser({ format })), createLineParser({ format: 'json' })];
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.array(fc.oneof(tricky, fc.uint8Array({ maxLength: 8 })), { maxLength: 80 }).map((parts) => Buffer.concat(parts))), (bytes) => {
        const buf = Buffer.from(bytes);
        for (const parser of parsers) {
          const out = new ParsedLine();
          const ok = parser.parse(buf, 0, buf.length, out);
          if (!ok) continue;
          expect(out.status).toBeGreaterThanOrEqual(100);
          expect(out.status).toBeLessThanOrEqual(599);
          expect(Number.isFinite(out.timeEpochMs)).toBe(true);
          for (const [s, e] of [[out.methodStart, out.methodEnd], [out.pathStart, out.targetEnd], [out.hostStart, out.hostEnd]] as const) {
            if (s >= 0) expect(s <= e && e <= out.buf.length).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('mutated valid lines (bytes cut, doubled, replaced) never crash a parser', () => {
    const parser = createLineParser({ format: 'combined' });
    fc.assert(
      fc.property(validCombined, fc.nat(), fc.nat(), tricky, (valid, at, length, insert) => {
        const original = Buffer.from(valid.line);
        const cut = at % (original.length + 1);
        const mutated = Buffer.concat([original.subarray(0, cut), insert, original.subarray(Math.min(original.length, cut + (length % 5)))]);
        const out = new ParsedLine();
        expect(typeof parser.parse(mutated, 0, mutated.length, out)).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('the generated parser and the reference interpreter give the same fields for any line', () => {
    for (const format of FORMATS) {
      const compiled = new CompiledLineParser(compileLogFormat(format));
      const interpreted = new FormatLineParser(compileLogFormat(format));
      fc.assert(
        fc.property(fc.oneof(validCombined.map((v) => Buffer.from(v.line)), fc.array(fc.oneof(tricky, fc.uint8Array({ maxLength: 6 })), { maxLength: 60 }).map((p) => Buffer.concat(p))), (buf) => {
          const a = new ParsedLine();
          const b = new ParsedLine();
          const okA = compiled.parse(buf, 0, buf.length, a);
          const okB = interpreted.parse(buf, 0, buf.length, b);
          expect(okA).toBe(okB);
          if (okA) expect(snapshot(a)).toEqual(snapshot(b));
        }),
        { numRuns: 1500 },
      );
    }
  }, PROPERTY_TIMEOUT_MS);

  it('valid combined lines come back with exactly the fields written', () => {
    const parser = createLineParser({ format: 'combined' });
    fc.assert(
      fc.property(validCombined, (valid) => {
        const buf = Buffer.from(valid.line);
        const out = new ParsedLine();
        expect(parser.parse(buf, 0, buf.length, out)).toBe(true);
        expect(out.status).toBe(valid.status);
        expect(out.bytes).toBe(valid.bytes);
        expect(out.timeEpochMs).toBe(Date.UTC(2026, 10, 23, 9, 16, valid.second));
        expect(textOf(out.buf, out.methodStart, out.methodEnd)).toBe(valid.method);
        expect(textOf(out.buf, out.pathStart, out.pathEnd)).toBe(valid.path.split('#')[0]!.split('?')[0]);
      }),
      { numRuns: 2000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('unquoted upstream lists (", " and " : " separators, "-" entries) come back summed, with the trace id after them', () => {
    const parser = createLineParser({ format: DEMO_GATEWAY });
    const attempt = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 99_999 }));
    const group = fc.array(attempt, { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(validCombined, fc.array(group, { minLength: 1, maxLength: 3 }), fc.option(fc.stringMatching(/^[0-9a-f]{32}$/), { nil: undefined }), (valid, groups, trace) => {
        const text = groups.map((g) => g.map((ms) => (ms === null ? '-' : (ms / 1000).toFixed(3))).join(', ')).join(' : ');
        const buf = Buffer.from(`${valid.line} 0.500 ${text} ${trace ?? '-'}`);
        const out = new ParsedLine();
        expect(parser.parse(buf, 0, buf.length, out)).toBe(true);
        const times = groups.flat().filter((ms): ms is number => ms !== null);
        expect(out.upstreamTimeUs).toBe(times.length === 0 ? -1 : times.reduce((a, b) => a + b, 0) * 1000);
        expect(out.requestTimeUs).toBe(500_000);
        const expectedTrace = trace !== undefined && /[1-9a-f]/.test(trace) ? trace : null;
        expect(out.traceStart < 0 ? null : textOf(out.buf, out.traceStart, out.traceStart + 32)).toBe(expectedTrace);
      }),
      { numRuns: 1500 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('a pipeline counts every non-empty line once, as parsed or unparsed', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(validCombined.map((v) => v.line), fc.string({ maxLength: 80 })), { maxLength: 50 }), (lines) => {
        const pipeline = new LogPipeline(createLineParser({ format: 'combined' }), { defaultHost: 'h' }, () => Date.UTC(2026, 10, 23));
        const text = lines.map((l) => l.replace(/[\r\n]/g, ' ')).join('\n') + '\n';
        const buf = Buffer.from(text);
        expect(pipeline.consume(buf, 0, buf.length)).toBe(buf.length);
        const nonEmpty = text.split('\n').filter((l) => l.length > 0).length;
        expect(pipeline.counters.lines).toBe(nonEmpty);
        pipeline.aggregator.closeAll();
        const closed = pipeline.aggregator.takeClosed();
        const counted = closed.reduce((n, m) => n + m.entries.reduce((k, e) => k + e.count, 0), 0);
        const unparsed = closed.reduce((n, m) => n + m.unparsed.count, 0);
        expect(counted).toBe(pipeline.counters.parsed);
        expect(unparsed).toBe(pipeline.counters.unparsed);
        expect(counted + unparsed).toBe(nonEmpty);
      }),
      { numRuns: 500 },
    );
  }, PROPERTY_TIMEOUT_MS);
});
