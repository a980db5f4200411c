import { findTraceId, readSecondsAsUs, readTimeIso, readTimeLocal, readUpstreamTimesUs } from './byte-fields';
import type { LineParser, ParsedLine } from './parsed-line';

/** Which JSON keys hold which field; each lists candidates, the first present wins. */
export interface JsonFieldNames {
  readonly time: readonly string[];
  readonly request: readonly string[];
  readonly method: readonly string[];
  readonly uri: readonly string[];
  readonly status: readonly string[];
  readonly bytes: readonly string[];
  readonly requestTime: readonly string[];
  readonly upstreamTime: readonly string[];
  readonly host: readonly string[];
  readonly traceId: readonly string[];
}

/** The keys of the common nginx `escape=json` formats and of typical structured gateways. */
export const DEFAULT_JSON_FIELDS: JsonFieldNames = {
  time: ['time_iso8601', '@timestamp', 'timestamp', 'time', 'time_local', 'msec'],
  request: ['request'],
  method: ['request_method', 'method'],
  uri: ['request_uri', 'uri', 'path', 'url'],
  status: ['status', 'status_code'],
  bytes: ['body_bytes_sent', 'bytes_sent', 'bytes'],
  requestTime: ['request_time'],
  upstreamTime: ['upstream_response_time'],
  host: ['host', 'http_host', 'server_name'],
  traceId: ['trace_id', 'otel_trace_id', 'traceId', 'http_traceparent', 'traceparent'],
};

function pick(record: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = record[key];
    if (value !== undefined && value !== null && value !== '' && value !== '-') return value;
  }
  return undefined;
}

const encoder = new TextEncoder();

function timeOf(value: unknown): number {
  if (typeof value === 'number') return value < 1e11 ? Math.floor(value * 1000) : Math.floor(value);
  if (typeof value !== 'string') return Number.NaN;
  if (/^\d+(\.\d+)?$/.test(value)) return timeOf(Number(value));
  const bytes = encoder.encode(value);
  const local = readTimeLocal(bytes, 0, bytes.length);
  if (local === local) return local;
  const iso = readTimeIso(bytes, 0, bytes.length);
  return iso === iso ? iso : Date.parse(value);
}

function secondsToUs(value: unknown, upstream: boolean): number {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1_000_000) : -1;
  if (typeof value !== 'string') return -1;
  const bytes = encoder.encode(value);
  return upstream ? readUpstreamTimesUs(bytes, 0, bytes.length) : readSecondsAsUs(bytes, 0, bytes.length);
}

/**
 * JSON lines (one object per line, e.g. nginx `log_format … escape=json '{…}'`). Text fields are
 * re-encoded into a scratch buffer so the aggregation reads every format the same way. Slower
 * than a compiled format (JSON.parse per line), never the hot path of a combined log.
 */
export class JsonLineParser implements LineParser {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(private readonly fields: JsonFieldNames = DEFAULT_JSON_FIELDS) {}

  parse(buf: Uint8Array, start: number, end: number, out: ParsedLine): boolean {
    let record: unknown;
    try {
      record = JSON.parse(this.decoder.decode(buf.subarray(start, end)));
    } catch {
      return false;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
    const r = record as Record<string, unknown>;
    const f = this.fields;

    const status = Number(pick(r, f.status));
    const timeMs = timeOf(pick(r, f.time));
    if (!Number.isInteger(status) || status < 100 || status > 599 || !Number.isFinite(timeMs)) return false;

    let method = pick(r, f.method);
    let target = pick(r, f.uri);
    const request = pick(r, f.request);
    if ((method === undefined || target === undefined) && typeof request === 'string') {
      const parts = request.split(' ');
      if (parts.length >= 2) {
        method ??= parts[0];
        target ??= parts.length > 2 && parts[parts.length - 1]!.startsWith('HTTP/') ? parts.slice(1, -1).join(' ') : parts.slice(1).join(' ');
      }
    }
    const host = pick(r, f.host);
    const trace = pick(r, f.traceId);
    const m = typeof method === 'string' ? method : '';
    const t = typeof target === 'string' ? target : '';
    const h = typeof host === 'string' ? host : '';
    const tr = typeof trace === 'string' ? trace : '';
    // Scratch layout: "<method> <target>\n<host>\n<trace>"
    const scratch = Buffer.from(`${m} ${t}\n${h}\n${tr}`, 'utf8');
    const methodBytes = encoder.encode(m).length;
    const targetBytes = encoder.encode(t).length;
    const hostBytes = encoder.encode(h).length;

    out.reset(scratch);
    out.status = status;
    out.timeEpochMs = timeMs;
    const bytes = Number(pick(r, f.bytes) ?? 0);
    out.bytes = Number.isFinite(bytes) && bytes >= 0 ? Math.floor(bytes) : 0;
    out.requestTimeUs = secondsToUs(pick(r, f.requestTime), false);
    out.upstreamTimeUs = secondsToUs(pick(r, f.upstreamTime), true);
    if (methodBytes > 0 && targetBytes > 0) {
      out.methodStart = 0;
      out.methodEnd = methodBytes;
      const targetStart = methodBytes + 1;
      let pathEnd = targetStart;
      while (pathEnd < targetStart + targetBytes && scratch[pathEnd] !== 0x3f && scratch[pathEnd] !== 0x23) pathEnd++;
      out.pathStart = targetStart;
      out.pathEnd = pathEnd;
      out.targetEnd = targetStart + targetBytes;
    }
    const hostStart = methodBytes + 1 + targetBytes + 1;
    if (hostBytes > 0) {
      out.hostStart = hostStart;
      out.hostEnd = hostStart + hostBytes;
    }
    const traceStart = hostStart + hostBytes + 1;
    out.traceStart = findTraceId(scratch, traceStart, scratch.length);
    return true;
  }
}
