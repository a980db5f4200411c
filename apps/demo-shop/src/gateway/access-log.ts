import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import * as path from 'node:path';

/**
 * The gateway's access log format, in nginx `log_format` terms: the predefined `combined`
 * format followed by request time, upstream response time and trace id.
 *
 * - `$request_time`: seconds with millisecond resolution, from the request's first byte to the
 *   last byte of the response.
 * - `$upstream_response_time`: seconds with millisecond resolution of each call the gateway made
 *   for the request, separated by `, ` (several when it retried), `-` when it called nobody.
 * - `$trace_id`: the 32-hex trace id of the request (the one in the `x-trace-id` response
 *   header), `-` when untraced.
 */
export const ACCESS_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time $trace_id';

/** One finished request, as the access log needs it. */
export interface AccessLogEntry {
  remoteAddr: string;
  remoteUser?: string;
  timeMs: number;
  method: string;
  /** Path and query as received. */
  target: string;
  httpVersion: string;
  status: number;
  bodyBytesSent: number;
  referer?: string;
  userAgent?: string;
  requestTimeMs: number;
  upstreamTimesMs: readonly number[];
  traceId?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `$time_local` in UTC: `23/Nov/2026:09:31:02 +0000`. */
export function formatTimeLocal(timeMs: number): string {
  const date = new Date(timeMs);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** nginx escapes `"`, `\` and control characters in variables as `\xHH`. */
function escape(value: string): string {
  // Control characters are exactly what must not reach a log line unescaped.
  // eslint-disable-next-line no-control-regex
  return value.replace(/["\\\x00-\x1f\x7f-\xff]/g, (character) => `\\x${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

const orDash = (value: string | undefined): string => (value === undefined || value === '' ? '-' : escape(value));
const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** One access log line (without the newline) in {@link ACCESS_LOG_FORMAT}. */
export function formatAccessLogLine(entry: AccessLogEntry): string {
  const request = `${entry.method} ${entry.target} HTTP/${entry.httpVersion}`;
  const upstream = entry.upstreamTimesMs.length === 0 ? '-' : entry.upstreamTimesMs.map(seconds).join(', ');
  return (
    `${entry.remoteAddr} - ${orDash(entry.remoteUser)} [${formatTimeLocal(entry.timeMs)}] "${escape(request)}" ${entry.status} ${entry.bodyBytesSent} ` +
    `"${orDash(entry.referer)}" "${orDash(entry.userAgent)}" ${seconds(entry.requestTimeMs)} ${upstream} ${entry.traceId ?? '-'}`
  );
}

/** Appends lines to a file (created with its directory), as nginx does; `close` flushes. */
export interface AccessLog {
  write(entry: AccessLogEntry): void;
  close(): Promise<void>;
}

export function openAccessLog(file: string): AccessLog {
  mkdirSync(path.dirname(file), { recursive: true });
  const stream: WriteStream = createWriteStream(file, { flags: 'a' });
  return {
    write: (entry) => void stream.write(`${formatAccessLogLine(entry)}\n`),
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}
