import { OtlpDecodeError } from './errors';
import { protoType } from './proto-root';

export type OtlpEncoding = 'protobuf' | 'json';

/** The three OTLP export requests: protobuf type name and the top-level list of each. */
export const OTLP_REQUESTS = {
  traces: { type: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest', list: 'resourceSpans' },
  metrics: { type: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest', list: 'resourceMetrics' },
  logs: { type: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest', list: 'resourceLogs' },
} as const;
export type OtlpSignal = keyof typeof OTLP_REQUESTS;

/**
 * Reads an export request into plain objects: protobuf through the official schema (int64 as
 * decimal strings, enums as numbers, bytes as Buffers), OTLP/JSON as parsed. Throws
 * OtlpDecodeError when the body as a whole cannot be read.
 */
export function parseOtlpBody<T>(body: Buffer, encoding: OtlpEncoding, signal: OtlpSignal): T {
  const { type: typeName, list } = OTLP_REQUESTS[signal];
  const shortName = typeName.split('.').at(-1);
  if (encoding === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new OtlpDecodeError(`body is not valid JSON: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new OtlpDecodeError(`body must be a JSON object with ${list}`);
    }
    const value = (parsed as Record<string, unknown>)[list];
    if (value != null && !Array.isArray(value)) throw new OtlpDecodeError(`${list} must be an array`);
    if (Array.isArray(value) && value.some((entry) => !entry || typeof entry !== 'object')) {
      throw new OtlpDecodeError(`${list} entries must be objects`);
    }
    return parsed as T;
  }
  const type = protoType(typeName);
  try {
    return type.toObject(type.decode(body), { longs: String, enums: Number, arrays: true }) as T;
  } catch (error) {
    throw new OtlpDecodeError(`body is not a valid ${shortName}: ${(error as Error).message}`);
  }
}

/** Nanosecond times arrive as decimal strings (protobuf, JSON) or numbers (JSON); null when absent or invalid. */
export function toEpochBigInt(raw: string | number | null | undefined): bigint | null {
  if (raw == null || raw === '' || (typeof raw !== 'string' && typeof raw !== 'number')) return null;
  try {
    const value = typeof raw === 'number' ? BigInt(Math.trunc(raw)) : BigInt(raw);
    return value >= 0n ? value : null;
  } catch {
    return null;
  }
}
