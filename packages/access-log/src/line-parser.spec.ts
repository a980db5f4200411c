import { describe, expect, it } from 'vitest';
import { compileLogFormat } from './log-format';
import { FormatLineParser } from './format-parser';
import { createLineParser } from './log-pipeline';
import { type LineParser, ParsedLine, textOf, traceIdOf } from './parsed-line';

interface Fields {
  time: string;
  status: number;
  bytes: number;
  method: string | null;
  path: string | null;
  target: string | null;
  host: string | null;
  traceId: string | null;
  requestTimeUs: number;
  upstreamTimeUs: number;
}

function fields(parser: LineParser, line: string | Buffer): Fields | null {
  const buf = Buffer.isBuffer(line) ? line : Buffer.from(line, 'utf8');
  const out = new ParsedLine();
  if (!parser.parse(buf, 0, buf.length, out)) return null;
  return {
    time: new Date(out.timeEpochMs).toISOString(),
    status: out.status,
    bytes: out.bytes,
    method: out.methodStart < 0 ? null : textOf(out.buf, out.methodStart, out.methodEnd),
    path: out.pathStart < 0 ? null : textOf(out.buf, out.pathStart, out.pathEnd),
    target: out.pathStart < 0 ? null : textOf(out.buf, out.pathStart, out.targetEnd),
    host: out.hostStart < 0 ? null : textOf(out.buf, out.hostStart, out.hostEnd),
    traceId: traceIdOf(out),
    requestTimeUs: out.requestTimeUs,
    upstreamTimeUs: out.upstreamTimeUs,
  };
}

const base = { host: null, traceId: null, requestTimeUs: -1, upstreamTimeUs: -1 };
const EXTENDED =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $host rt=$request_time urt="$upstream_response_time" trace=$otel_trace_id';

/** The demo shop gateway's format (apps/demo-shop/README.md): `$upstream_response_time` unquoted. */
const DEMO_GATEWAY =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time $trace_id';

/** Real-world line shapes, each with every field it must yield. */
const corpus: { name: string; format: string; line: string | Buffer; expected: Fields | null }[] = [
  {
    name: 'combined, plain',
    format: 'combined',
    line: '203.0.113.9 - - [23/Nov/2026:09:16:16 +0000] "GET /api/products/42?x=1 HTTP/1.1" 200 1234 "https://shop.example.com/" "Mozilla/5.0 (X11; Linux x86_64)"',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 1234, method: 'GET', path: '/api/products/42', target: '/api/products/42?x=1' },
  },
  {
    name: 'IPv6 client, user name, non-UTC zone',
    format: 'combined',
    line: '2001:db8:85a3::8a2e:370:7334 - alice [01/Jan/2026:00:00:59 +0800] "POST /login HTTP/2.0" 302 0 "-" "curl/8.5.0"',
    expected: { ...base, time: '2025-12-31T16:00:59.000Z', status: 302, bytes: 0, method: 'POST', path: '/login', target: '/login' },
  },
  {
    name: 'escaped quotes and backslashes in the user agent (nginx \\x22 and Apache \\")',
    format: 'combined',
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET / HTTP/1.1" 200 5 "-" "Mozilla \\"quoted\\" \\x22nginx\\x22 back\\\\slash"',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 5, method: 'GET', path: '/', target: '/' },
  },
  {
    name: 'unescaped quote inside the last field',
    format: 'combined',
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /a HTTP/1.1" 200 5 "-" "bad "agent" here"',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 5, method: 'GET', path: '/a', target: '/a' },
  },
  {
    name: 'empty referer and user agent, bytes as -',
    format: 'combined',
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "HEAD /healthz HTTP/1.1" 204 - "" ""',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 204, bytes: 0, method: 'HEAD', path: '/healthz', target: '/healthz' },
  },
  {
    name: 'request "-" (connection closed before a request): counted, no method or path',
    format: 'combined',
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "-" 400 0 "-" "-"',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 400, bytes: 0, method: null, path: null, target: null },
  },
  {
    name: 'TLS handshake on a plain port, as nginx escapes it',
    format: 'combined',
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "\\x16\\x03\\x01\\x00\\xF4\\x01\\x00" 400 157 "-" "-"',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 400, bytes: 157, method: null, path: null, target: null },
  },
  {
    name: 'HTTP/0.9 style request without protocol',
    format: 'combined',
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /old" 200 10 "-" "-"',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 10, method: 'GET', path: '/old', target: '/old' },
  },
  {
    name: 'absolute-form target through a proxy',
    format: 'combined',
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET http://example.com/p/1?q HTTP/1.1" 200 10 "-" "-"',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 10, method: 'GET', path: 'http://example.com/p/1', target: 'http://example.com/p/1?q' },
  },
  {
    name: 'very long line (16 KiB query string and user agent)',
    format: 'combined',
    line: `10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /search?q=${'a'.repeat(16384)} HTTP/1.1" 414 0 "-" "${'Z'.repeat(16384)}"`,
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 414, bytes: 0, method: 'GET', path: '/search', target: `/search?q=${'a'.repeat(16384)}` },
  },
  {
    name: 'non-UTF-8 bytes in path and user agent: kept, decoded with U+FFFD',
    format: 'combined',
    line: Buffer.concat([
      Buffer.from('10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /caf'),
      Buffer.from([0xe9, 0xff]),
      Buffer.from(' HTTP/1.1" 404 9 "-" "'),
      Buffer.from([0xc3, 0x28, 0xa0]),
      Buffer.from('"'),
    ]),
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 404, bytes: 9, method: 'GET', path: '/caf\uFFFD\uFFFD', target: '/caf\uFFFD\uFFFD' },
  },
  {
    name: 'extended: host, request time, two upstreams after an internal redirect, traceparent-less trace id',
    format: EXTENDED,
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /cart HTTP/1.1" 502 0 "-" "-" shop.example.com rt=1.204 urt="0.500, 0.700 : 0.003" trace=4bf92f3577b34da6a3ce929d0e0e4736',
    expected: {
      time: '2026-11-23T09:16:16.000Z', status: 502, bytes: 0, method: 'GET', path: '/cart', target: '/cart',
      host: 'shop.example.com', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', requestTimeUs: 1_204_000, upstreamTimeUs: 1_203_000,
    },
  },
  {
    name: 'extended: no upstream (-), no trace id (-)',
    format: EXTENDED,
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /static/a.css HTTP/1.1" 200 77 "-" "-" shop.example.com rt=0.000 urt="-" trace=-',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 77, method: 'GET', path: '/static/a.css', target: '/static/a.css', host: 'shop.example.com', requestTimeUs: 0 },
  },
  {
    name: 'extended: one upstream failed (-) then one answered',
    format: EXTENDED,
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /x HTTP/1.1" 200 1 "-" "-" a.example rt=0.031 urt="-, 0.030" trace=-',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 1, method: 'GET', path: '/x', target: '/x', host: 'a.example', requestTimeUs: 31_000, upstreamTimeUs: 30_000 },
  },
  {
    name: 'log_format directive verbatim with escape=json, ISO time, traceparent header',
    format: `log_format api escape=json '{"t":"$time_iso8601","m":"$request_method","u":"$request_uri",'
                      '"s":$status,"b":$body_bytes_sent,"rt":$request_time,"h":"$host","tp":"$http_traceparent"}';`,
    line: '{"t":"2026-11-23T17:16:16+08:00","m":"PUT","u":"/api/items/7?force=\\"yes\\"","s":201,"b":12,"rt":0.250,"h":"api.example","tp":"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}',
    expected: {
      time: '2026-11-23T09:16:16.000Z', status: 201, bytes: 12, method: 'PUT', path: '/api/items/7', target: '/api/items/7?force=\\"yes\\"',
      host: 'api.example', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', requestTimeUs: 250_000, upstreamTimeUs: -1,
    },
  },
  {
    name: 'msec time and $uri',
    format: '$msec $status $request_method $uri $bytes_sent',
    line: '1763889376.123 200 GET /a/b 10',
    expected: { ...base, time: '2025-11-23T09:16:16.123Z', status: 200, bytes: 10, method: 'GET', path: '/a/b', target: '/a/b' },
  },
  {
    name: 'demo-shop gateway format: unquoted upstream list (retried upstream) then a trace id',
    format: DEMO_GATEWAY,
    line: '127.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "POST /api/orders HTTP/1.1" 201 88 "-" "linkscope-demo-traffic/0.1" 0.412 0.100, 0.300 4bf92f3577b34da6a3ce929d0e0e4736',
    expected: {
      ...base, time: '2026-11-23T09:16:16.000Z', status: 201, bytes: 88, method: 'POST', path: '/api/orders', target: '/api/orders',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736', requestTimeUs: 412_000, upstreamTimeUs: 400_000,
    },
  },
  {
    name: 'unquoted upstream list with an internal redirect (" : ") and a failed attempt ("-")',
    format: DEMO_GATEWAY,
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /x HTTP/1.1" 200 1 "-" "-" 0.040 -, 0.010 : 0.025 -',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 1, method: 'GET', path: '/x', target: '/x', requestTimeUs: 40_000, upstreamTimeUs: 35_000 },
  },
  {
    name: 'every upstream failed ("-, -"): no upstream time',
    format: DEMO_GATEWAY,
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /x HTTP/1.1" 502 0 "-" "-" 3.001 -, - -',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 502, bytes: 0, method: 'GET', path: '/x', target: '/x', requestTimeUs: 3_001_000 },
  },
  {
    name: 'untraced request without an upstream (gateway answered itself)',
    format: DEMO_GATEWAY,
    line: '::1 - - [23/Nov/2026:09:16:16 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.31" 0.000 - -',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 2, method: 'GET', path: '/healthz', target: '/healthz', requestTimeUs: 0 },
  },
  {
    name: 'main format: X-Forwarded-For list, IPv6 with zone-less compressed form, tab escaped as \\x09',
    format: 'main',
    line: '::ffff:192.0.2.128 - - [23/Nov/2026:09:16:16 -0530] "GET /api/search?q=a%20b HTTP/1.1" 200 512 "-" "Mozilla/5.0\\x09(compatible)" "203.0.113.7, 198.51.100.2"',
    expected: { ...base, time: '2026-11-23T14:46:16.000Z', status: 200, bytes: 512, method: 'GET', path: '/api/search', target: '/api/search?q=a%20b' },
  },
  {
    name: 'a quote in the request line, escaped by nginx as \\x22',
    format: 'combined',
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /p?name=\\x22x\\x22 HTTP/1.1" 200 3 "-" "-"',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 3, method: 'GET', path: '/p', target: '/p?name=\\x22x\\x22' },
  },
  {
    name: 'empty request ("") as nginx logs a closed keep-alive connection: no method or path',
    format: 'combined',
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "" 400 0 "-" "-"',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 400, bytes: 0, method: null, path: null, target: null },
  },
  {
    name: 'status 499 (client closed) with a fragment in the target',
    format: 'combined',
    line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET /docs#intro HTTP/1.1" 499 0 "-" "-"',
    expected: { ...base, time: '2026-11-23T09:16:16.000Z', status: 499, bytes: 0, method: 'GET', path: '/docs', target: '/docs#intro' },
  },
  { name: 'status not a number', format: 'combined', line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET / HTTP/1.1" abc 0 "-" "-"', expected: null },
  { name: 'bad month', format: 'combined', line: '10.0.0.1 - - [23/Foo/2026:09:16:16 +0000] "GET / HTTP/1.1" 200 0 "-" "-"', expected: null },
  { name: 'truncated line', format: 'combined', line: '10.0.0.1 - - [23/Nov/2026:09:16:16 +0000] "GET / HTT', expected: null },
  { name: 'empty line', format: 'combined', line: '', expected: null },
  { name: 'another format entirely', format: 'combined', line: '2026-11-23 09:16:16 INFO started', expected: null },
];

describe('log format parsers over real-world line shapes', () => {
  for (const { name, format, line, expected } of corpus) {
    it(`compiled parser: ${name}`, () => {
      expect(fields(createLineParser({ format }), line)).toEqual(expected);
    });
    it(`reference interpreter: ${name}`, () => {
      expect(fields(new FormatLineParser(compileLogFormat(format)), line)).toEqual(expected);
    });
  }

  it('names the trace-id variable when configured', () => {
    const parser = createLineParser({ format: '[$time_local] "$request" $status $http_x_req_trace', traceIdVariable: '$http_x_req_trace' });
    expect(fields(parser, '[23/Nov/2026:09:16:16 +0000] "GET / HTTP/1.1" 200 0af7651916cd43dd8448eb211c80319c')?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('reads the all-zero trace id as none', () => {
    const parser = createLineParser({ format: '[$time_local] "$request" $status $trace_id' });
    expect(fields(parser, `[23/Nov/2026:09:16:16 +0000] "GET / HTTP/1.1" 200 ${'0'.repeat(32)}`)?.traceId).toBeNull();
  });
});

describe('JSON lines', () => {
  const parser = createLineParser({ format: 'json' });

  it('reads the common nginx escape=json keys, numbers as strings or numbers', () => {
    const line = JSON.stringify({
      time_iso8601: '2026-11-23T09:16:16+00:00', request_method: 'GET', request_uri: '/api/x/5?y=1', status: '503', body_bytes_sent: 10,
      request_time: '2.001', upstream_response_time: '1.000, 1.000', host: 'Shop.Example', trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', http_user_agent: 'a "quoted" agent',
    });
    expect(fields(parser, line)).toEqual({
      time: '2026-11-23T09:16:16.000Z', status: 503, bytes: 10, method: 'GET', path: '/api/x/5', target: '/api/x/5?y=1', host: 'Shop.Example',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736', requestTimeUs: 2_001_000, upstreamTimeUs: 2_000_000,
    });
  });

  it('keeps non-UTF-8 bytes of a JSON line as U+FFFD and still reads the fields', () => {
    const line = Buffer.concat([Buffer.from('{"time_iso8601":"2026-11-23T09:16:16Z","request":"GET /caf'), Buffer.from([0xe9]), Buffer.from(' HTTP/1.1","status":200,"http_user_agent":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    expect(fields(parser, line)).toEqual({ ...base, time: '2026-11-23T09:16:16.000Z', status: 200, bytes: 0, method: 'GET', path: '/caf\uFFFD', target: '/caf\uFFFD' });
  });

  it('splits a whole "request" and takes epoch seconds', () => {
    expect(fields(parser, '{"msec":1763889376.5,"request":"DELETE /a/b HTTP/1.1","status":204}')).toEqual({
      ...base, time: '2025-11-23T09:16:16.500Z', status: 204, bytes: 0, method: 'DELETE', path: '/a/b', target: '/a/b',
    });
  });

  it('refuses lines that are not objects, or lack a time or status', () => {
    expect(fields(parser, '[1,2]')).toBeNull();
    expect(fields(parser, '{"status":200}')).toBeNull();
    expect(fields(parser, '{"time":"2026-11-23T09:16:16Z"}')).toBeNull();
    expect(fields(parser, '{"time":')).toBeNull();
  });
});

describe('compileLogFormat', () => {
  it('refuses formats that cannot be split or counted, saying why', () => {
    expect(() => compileLogFormat('$remote_addr$status [$time_local] "$request"')).toThrow(/\$remote_addr and \$status are not separated/);
    expect(() => compileLogFormat('"$request" $status')).toThrow(/no time variable/);
    expect(() => compileLogFormat('[$time_local] $status')).toThrow(/no \$request/);
    expect(() => compileLogFormat('[$time_local] "$request"')).toThrow(/no \$status/);
  });

  it('joins the quoted pieces of a log_format directive as nginx does', () => {
    expect(compileLogFormat(`log_format main '$remote_addr [$time_local] '\n   '"$request" $status';`).source).toBe('$remote_addr [$time_local] "$request" $status');
  });

  it('accepts ${name} variables', () => {
    expect(compileLogFormat('[${time_local}] "${request}" ${status}').variables.map((v) => v.name)).toEqual(['time_local', 'request', 'status']);
  });
});
