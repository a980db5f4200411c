import { describe, expect, it } from 'vitest';

import { ACCESS_LOG_FORMAT, formatAccessLogLine, formatTimeLocal } from './access-log';

const entry = {
  remoteAddr: '127.0.0.1',
  timeMs: Date.UTC(2026, 10, 23, 9, 31, 2, 345),
  method: 'GET',
  target: '/api/products/p-1003?ref=mail',
  httpVersion: '1.1',
  status: 200,
  bodyBytesSent: 231,
  referer: 'https://shop.example/',
  userAgent: 'curl/8.5.0',
  requestTimeMs: 23.4567,
  upstreamTimesMs: [12.3, 5],
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
};

describe('access log', () => {
  it('writes nginx combined followed by request time, upstream times and trace id', () => {
    expect(formatAccessLogLine(entry)).toBe(
      '127.0.0.1 - - [23/Nov/2026:09:31:02 +0000] "GET /api/products/p-1003?ref=mail HTTP/1.1" 200 231 ' +
        '"https://shop.example/" "curl/8.5.0" 0.023 0.012, 0.005 4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  it('writes - for absent fields, as nginx does for a missing variable', () => {
    const line = formatAccessLogLine({ ...entry, referer: undefined, userAgent: '', upstreamTimesMs: [], traceId: undefined });

    expect(line).toMatch(/ "-" "-" 0\.023 - -$/);
  });

  it('escapes quotes, backslashes and control characters so a line always parses', () => {
    const line = formatAccessLogLine({ ...entry, userAgent: 'evil"agent\\\n' });

    expect(line).toContain('"evil\\x22agent\\x5C\\x0A"');
    expect(line.split('\n')).toHaveLength(1);
  });

  it('documents the format it writes', () => {
    expect(ACCESS_LOG_FORMAT).toBe(
      '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time $trace_id',
    );
    expect(formatTimeLocal(Date.UTC(2026, 0, 5, 1, 2, 3))).toBe('05/Jan/2026:01:02:03 +0000');
  });
});
