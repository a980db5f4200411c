import { createHash } from 'node:crypto';
import {
  type Attributes,
  type SpanEvent,
  type SpanKind,
  type SpanRecord,
  asDurationNs,
  asEpochNs,
  normaliseResourceAttributes,
  normaliseSpanAttributes,
} from '@linkscope/domain';

/** The body of POST /api/v2/spans cannot be read as a list of Zipkin v2 spans. Maps to HTTP 400. */
export class ZipkinDecodeError extends Error {
  readonly code = 'ZIPKIN_MALFORMED';
  constructor(message: string) {
    super(message);
    this.name = 'ZipkinDecodeError';
  }
}

export type ZipkinRejectReason = 'invalid_trace_id' | 'invalid_span_id' | 'invalid_parent_span_id' | 'invalid_time' | 'not_an_object';

export interface DecodedZipkinSpans {
  readonly spans: SpanRecord[];
  readonly rejected: number;
  readonly rejectReasons: Partial<Record<ZipkinRejectReason, number>>;
}

interface ZipkinEndpoint {
  serviceName?: unknown;
  ipv4?: unknown;
  ipv6?: unknown;
  port?: unknown;
}

interface ZipkinSpan {
  traceId?: unknown;
  id?: unknown;
  parentId?: unknown;
  name?: unknown;
  kind?: unknown;
  timestamp?: unknown;
  duration?: unknown;
  shared?: unknown;
  localEndpoint?: ZipkinEndpoint | null;
  remoteEndpoint?: ZipkinEndpoint | null;
  annotations?: unknown;
  tags?: unknown;
}

const MAX_TAGS = 128;
const MAX_VALUE_LENGTH = 4096;
const KINDS: Record<string, SpanKind> = { CLIENT: 'client', SERVER: 'server', PRODUCER: 'producer', CONSUMER: 'consumer' };

function hexId(value: unknown, lengths: readonly number[]): string | null {
  if (typeof value !== 'string') return null;
  const id = value.toLowerCase();
  if (!lengths.includes(id.length) || !/^[0-9a-f]+$/.test(id) || /^0+$/.test(id)) return null;
  return id;
}

function micros(value: unknown): bigint | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  return BigInt(Math.trunc(value));
}

function text(value: unknown, max = MAX_VALUE_LENGTH): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/**
 * B3 lets a client and a server report the same span id (`shared: true` on the server side).
 * Stored as one document per (trace, span), the second would be dropped as a duplicate, so the
 * shared server half gets a derived, deterministic id and becomes the client span's child.
 */
export function sharedServerSpanId(spanId: string): string {
  return createHash('sha256').update(`${spanId}:shared-server`).digest('hex').slice(0, 16);
}

function endpointAttributes(endpoint: ZipkinEndpoint | null | undefined, into: Attributes): void {
  if (!endpoint || typeof endpoint !== 'object') return;
  if (typeof endpoint.serviceName === 'string' && endpoint.serviceName) into['service.peer.name'] = endpoint.serviceName.slice(0, 256);
  const address = typeof endpoint.ipv4 === 'string' ? endpoint.ipv4 : typeof endpoint.ipv6 === 'string' ? endpoint.ipv6 : undefined;
  if (address) into['network.peer.address'] = address.slice(0, 64);
  if (typeof endpoint.port === 'number') into['network.peer.port'] = endpoint.port;
}

/** Decodes a Zipkin v2 JSON list of spans. Invalid spans are dropped and counted; the rest are kept. */
export function decodeZipkinSpans(body: Buffer): DecodedZipkinSpans {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ZipkinDecodeError(`body is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new ZipkinDecodeError('body must be a JSON array of Zipkin v2 spans');

  const spans: SpanRecord[] = [];
  const rejectReasons: Partial<Record<ZipkinRejectReason, number>> = {};
  let rejected = 0;
  const reject = (reason: ZipkinRejectReason): void => {
    rejected++;
    rejectReasons[reason] = (rejectReasons[reason] ?? 0) + 1;
  };

  for (const item of parsed as unknown[]) {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      reject('not_an_object');
      continue;
    }
    const raw = item as ZipkinSpan;
    const traceId16or32 = hexId(raw.traceId, [16, 32]);
    if (!traceId16or32) {
      reject('invalid_trace_id');
      continue;
    }
    const spanId = hexId(raw.id, [16]);
    if (!spanId) {
      reject('invalid_span_id');
      continue;
    }
    const parentId = raw.parentId == null ? null : hexId(raw.parentId, [16]);
    if (raw.parentId != null && !parentId) {
      reject('invalid_parent_span_id');
      continue;
    }
    const startUs = micros(raw.timestamp);
    if (startUs === null || startUs === 0n) {
      reject('invalid_time');
      continue;
    }
    const durationUs = micros(raw.duration) ?? 0n;
    const kind = typeof raw.kind === 'string' ? (KINDS[raw.kind.toUpperCase()] ?? 'internal') : 'internal';
    const shared = raw.shared === true && kind === 'server';

    const attributes: Attributes = {};
    let tagCount = 0;
    let statusCode: SpanRecord['statusCode'] = 'unset';
    let statusMessage = '';
    if (raw.tags && typeof raw.tags === 'object' && !Array.isArray(raw.tags)) {
      for (const [key, value] of Object.entries(raw.tags as Record<string, unknown>)) {
        if (key === 'error') {
          statusCode = 'error';
          statusMessage = text(value);
          continue;
        }
        if (key === 'otel.status_code') {
          if (value === 'ERROR') statusCode = 'error';
          else if (value === 'OK' && statusCode !== 'error') statusCode = 'ok';
          continue;
        }
        if (key === 'otel.status_description') {
          statusMessage ||= text(value);
          continue;
        }
        if (tagCount++ >= MAX_TAGS) break;
        attributes[key] = text(typeof value === 'string' ? value : JSON.stringify(value));
      }
    }
    if (kind === 'client' || kind === 'producer') endpointAttributes(raw.remoteEndpoint, attributes);

    const events: SpanEvent[] = Array.isArray(raw.annotations)
      ? (raw.annotations as { timestamp?: unknown; value?: unknown }[]).slice(0, 128).flatMap((annotation) => {
          const at = micros(annotation?.timestamp);
          return at === null ? [] : [{ timeEpochNs: asEpochNs(at * 1000n), name: text(annotation.value, 1024), attributes: {} }];
        })
      : [];

    const serviceName = text(raw.localEndpoint?.serviceName, 256) || 'unknown_service';
    spans.push({
      traceId: traceId16or32.padStart(32, '0'),
      spanId: shared ? sharedServerSpanId(spanId) : spanId,
      parentSpanId: shared ? spanId : parentId,
      name: text(raw.name, 1024),
      kind,
      serviceName,
      startEpochNs: asEpochNs(startUs * 1000n),
      durationNs: asDurationNs(Number(durationUs * 1000n)),
      statusCode,
      statusMessage,
      attributes: normaliseSpanAttributes(attributes, kind),
      resourceAttributes: normaliseResourceAttributes({ 'service.name': serviceName }),
      scopeName: 'zipkin',
      events,
      links: [],
    });
  }
  return { spans, rejected, rejectReasons };
}
