import { type LogRecord, asEpochNs, normaliseResourceAttributes } from '@linkscope/domain';
import { type RawAnyValue, type RawKeyValue, type TruncationCounter, convertAnyValue, convertAttributes } from './any-value';
import { idToHex, isEmptyId } from './ids';
import { list, object, text } from './json-shape';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from './limits';
import { type OtlpEncoding, parseOtlpBody, toEpochBigInt } from './otlp-body';
import { serviceNameOf } from './resource';

type RawTime = string | number | null | undefined;

interface RawLogRecord {
  timeUnixNano?: RawTime;
  observedTimeUnixNano?: RawTime;
  severityNumber?: number | string | null;
  severityText?: string | null;
  body?: RawAnyValue | null;
  attributes?: RawKeyValue[] | null;
  traceId?: Uint8Array | string | null;
  spanId?: Uint8Array | string | null;
}

interface RawLogsRequest {
  resourceLogs?: { resource?: { attributes?: RawKeyValue[] | null } | null; scopeLogs?: { scope?: { name?: string | null } | null; logRecords?: RawLogRecord[] | null }[] | null }[] | null;
}

export type LogRejectReason = 'invalid_time' | 'invalid_trace_id' | 'invalid_span_id';

export interface DecodedLogs {
  readonly records: LogRecord[];
  readonly rejected: number;
  readonly rejectReasons: Partial<Record<LogRejectReason, number>>;
  readonly truncation: TruncationCounter;
}

/** A log body may be long (stack traces); it gets more room than an attribute value. */
const MAX_BODY_LENGTH = 32_768;

function severityNumberOf(raw: number | string | null | undefined): number {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(value) && value >= 0 && value <= 24 ? value : 0;
}

/**
 * Decodes an OTLP ExportLogsServiceRequest into log records. A record with no time at all, or
 * with a malformed trace or span id, is dropped and counted; the rest are kept.
 */
export function decodeLogsRequest(body: Buffer, encoding: OtlpEncoding, limits: SpanLimits = DEFAULT_SPAN_LIMITS): DecodedLogs {
  const request = parseOtlpBody<RawLogsRequest>(body, encoding, 'logs');
  const records: LogRecord[] = [];
  const rejectReasons: Partial<Record<LogRejectReason, number>> = {};
  const truncation: TruncationCounter = { attributesDropped: 0, valuesTruncated: 0 };
  let rejected = 0;
  const reject = (reason: LogRejectReason): void => {
    rejected++;
    rejectReasons[reason] = (rejectReasons[reason] ?? 0) + 1;
  };
  const bodyLimits: SpanLimits = { ...limits, maxAttributeValueLength: MAX_BODY_LENGTH };

  type RawResourceLogs = NonNullable<RawLogsRequest['resourceLogs']>[number];
  type RawScopeLogs = NonNullable<RawResourceLogs['scopeLogs']>[number];
  for (const resourceLogs of list<RawResourceLogs>(request.resourceLogs)) {
    const resourceAttributes = normaliseResourceAttributes(convertAttributes(object(object(resourceLogs).resource).attributes, limits, truncation));
    const serviceName = serviceNameOf(resourceAttributes);
    for (const scopeLogs of list<RawScopeLogs>(object(resourceLogs).scopeLogs)) {
      const scopeName = text(object(object(scopeLogs).scope).name);
      for (const rawRecord of list<RawLogRecord>(object(scopeLogs).logRecords)) {
        const raw = object(rawRecord) as RawLogRecord;
        const observed = toEpochBigInt(raw.observedTimeUnixNano);
        const time = toEpochBigInt(raw.timeUnixNano) || observed;
        if (!time) {
          reject('invalid_time');
          continue;
        }
        const traceId = isEmptyId(raw.traceId) ? null : idToHex(raw.traceId, 16);
        if (!isEmptyId(raw.traceId) && !traceId) {
          reject('invalid_trace_id');
          continue;
        }
        const spanId = isEmptyId(raw.spanId) ? null : idToHex(raw.spanId, 8);
        if (!isEmptyId(raw.spanId) && !spanId) {
          reject('invalid_span_id');
          continue;
        }
        const bodyValue = convertAnyValue(raw.body, bodyLimits, truncation);
        records.push({
          timeEpochNs: asEpochNs(time),
          observedTimeEpochNs: asEpochNs(observed || time),
          severityNumber: severityNumberOf(raw.severityNumber),
          severityText: text(raw.severityText).slice(0, 32),
          body: bodyValue === undefined ? '' : typeof bodyValue === 'string' ? bodyValue : JSON.stringify(bodyValue),
          serviceName,
          traceId,
          spanId,
          attributes: convertAttributes(raw.attributes, limits, truncation),
          resourceAttributes,
          scopeName,
        });
      }
    }
  }
  return { records, rejected, rejectReasons, truncation };
}
