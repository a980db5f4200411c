import {
  type SpanKind,
  type SpanRecord,
  type SpanStatusCode,
  asDurationNs,
  asEpochNs,
  normaliseResourceAttributes,
  normaliseSpanAttributes,
} from '@linkscope/domain';
import { type RawKeyValue, type TruncationCounter, convertAttributes } from './any-value';
import { idToHex, isEmptyId } from './ids';
import { list, object, text } from './json-shape';
import { serviceNameOf } from './resource';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from './limits';
import { type OtlpEncoding, parseOtlpBody, toEpochBigInt } from './otlp-body';
import { decodeTraceProtobuf } from './protobuf/trace-spans.decoder';


type RawId = Uint8Array | string | null | undefined;
type RawTime = string | number | null | undefined;

interface RawSpan {
  traceId?: RawId;
  spanId?: RawId;
  parentSpanId?: RawId;
  name?: string | null;
  kind?: number | string | null;
  startTimeUnixNano?: RawTime;
  endTimeUnixNano?: RawTime;
  attributes?: RawKeyValue[] | null;
  events?: { timeUnixNano?: RawTime; name?: string | null; attributes?: RawKeyValue[] | null }[] | null;
  links?: { traceId?: RawId; spanId?: RawId; attributes?: RawKeyValue[] | null }[] | null;
  status?: { code?: number | string | null; message?: string | null } | null;
}

interface RawResourceSpans {
  resource?: { attributes?: RawKeyValue[] | null } | null;
  scopeSpans?: { scope?: { name?: string | null } | null; spans?: RawSpan[] | null }[] | null;
}

export interface RawTraceRequest {
  resourceSpans?: RawResourceSpans[] | null;
}


/** Why a span was rejected; each is counted and named in the partial-success message. */
export type SpanRejectReason =
  | 'malformed_span'
  | 'invalid_trace_id'
  | 'invalid_span_id'
  | 'invalid_parent_span_id'
  | 'invalid_time'
  | 'end_before_start';

export interface DecodedTraces {
  readonly spans: SpanRecord[];
  readonly rejected: number;
  readonly rejectReasons: Partial<Record<SpanRejectReason, number>>;
  readonly truncation: TruncationCounter;
}

const KINDS: readonly SpanKind[] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];
const KIND_NAMES: Record<string, SpanKind> = {
  SPAN_KIND_INTERNAL: 'internal',
  SPAN_KIND_SERVER: 'server',
  SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer',
  SPAN_KIND_CONSUMER: 'consumer',
};
const STATUS: readonly SpanStatusCode[] = ['unset', 'ok', 'error'];

function kindOf(raw: number | string | null | undefined): SpanKind {
  if (typeof raw === 'string') return (Object.hasOwn(KIND_NAMES, raw) ? KIND_NAMES[raw] : KINDS[Number(raw)]) ?? 'internal';
  return (typeof raw === 'number' ? KINDS[raw] : undefined) ?? 'internal';
}

function statusOf(raw: number | string | null | undefined): SpanStatusCode {
  if (raw === 'STATUS_CODE_OK') return 'ok';
  if (raw === 'STATUS_CODE_ERROR') return 'error';
  return STATUS[Number(raw ?? 0)] ?? 'unset';
}


/**
 * Decodes an OTLP ExportTraceServiceRequest (protobuf or OTLP/JSON) into span records.
 * Throws OtlpDecodeError when the body as a whole cannot be read; individual invalid spans are
 * dropped and counted in `rejected`, so one bad span never takes its batch down.
 */
export function decodeTraceRequest(
  body: Buffer,
  encoding: OtlpEncoding,
  limits: SpanLimits = DEFAULT_SPAN_LIMITS,
): DecodedTraces {
  if (encoding === 'protobuf') return decodeTraceProtobuf(body, limits);
  return spansFromRequest(parseOtlpBody<RawTraceRequest>(body, encoding, 'traces'), limits);
}

/**
 * Validates and normalises a request already read into plain objects: the OTLP/JSON path, and the
 * reference the protobuf decoder is held to (its property test feeds protobufjs's `toObject` here).
 */
export function spansFromRequest(request: RawTraceRequest, limits: SpanLimits = DEFAULT_SPAN_LIMITS): DecodedTraces {
  const spans: SpanRecord[] = [];
  const rejectReasons: Partial<Record<SpanRejectReason, number>> = {};
  const truncation: TruncationCounter = { attributesDropped: 0, valuesTruncated: 0 };
  let rejected = 0;
  const reject = (reason: SpanRejectReason): void => {
    rejected++;
    rejectReasons[reason] = (rejectReasons[reason] ?? 0) + 1;
  };

  for (const resourceSpans of list<RawResourceSpans>(request.resourceSpans)) {
    const resourceAttributes = normaliseResourceAttributes(convertAttributes(object(object(resourceSpans).resource).attributes, limits, truncation));
    const serviceName = serviceNameOf(resourceAttributes);
    for (const scopeSpans of list<NonNullable<RawResourceSpans['scopeSpans']>[number]>(object(resourceSpans).scopeSpans)) {
      const scopeName = text(object(object(scopeSpans).scope).name);
      for (const raw of list<RawSpan>(object(scopeSpans).spans)) {
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
          reject('malformed_span');
          continue;
        }
        const traceId = idToHex(raw.traceId, 16);
        if (!traceId) {
          reject('invalid_trace_id');
          continue;
        }
        const spanId = idToHex(raw.spanId, 8);
        if (!spanId) {
          reject('invalid_span_id');
          continue;
        }
        const parentSpanId = isEmptyId(raw.parentSpanId) ? null : idToHex(raw.parentSpanId, 8);
        if (!isEmptyId(raw.parentSpanId) && !parentSpanId) {
          reject('invalid_parent_span_id');
          continue;
        }
        const start = toEpochBigInt(raw.startTimeUnixNano);
        const end = toEpochBigInt(raw.endTimeUnixNano);
        if (start === null || end === null || start === 0n) {
          reject('invalid_time');
          continue;
        }
        if (end < start) {
          reject('end_before_start');
          continue;
        }
        const events = list<NonNullable<RawSpan['events']>[number]>(raw.events).slice(0, limits.maxEventsPerSpan).map((rawEvent) => {
          const event = object(rawEvent);
          return {
            timeEpochNs: asEpochNs(toEpochBigInt(event.timeUnixNano) ?? start),
            name: text(event.name).slice(0, limits.maxNameLength),
            attributes: convertAttributes(event.attributes, limits, truncation),
          };
        });
        const links = list<NonNullable<RawSpan['links']>[number]>(raw.links).slice(0, limits.maxLinksPerSpan).flatMap((rawLink) => {
          const link = object(rawLink);
          const linkTraceId = idToHex(link.traceId, 16);
          const linkSpanId = idToHex(link.spanId, 8);
          if (!linkTraceId || !linkSpanId) return [];
          return [{ traceId: linkTraceId, spanId: linkSpanId, attributes: convertAttributes(link.attributes, limits, truncation) }];
        });
        const kind = kindOf(raw.kind);
        spans.push({
          traceId,
          spanId,
          parentSpanId,
          name: text(raw.name).slice(0, limits.maxNameLength),
          kind,
          serviceName,
          startEpochNs: asEpochNs(start),
          durationNs: asDurationNs(Number(end - start)),
          statusCode: statusOf(object(raw.status).code),
          statusMessage: text(object(raw.status).message).slice(0, limits.maxAttributeValueLength),
          attributes: normaliseSpanAttributes(convertAttributes(raw.attributes, limits, truncation), kind),
          resourceAttributes,
          scopeName,
          events,
          links,
        });
      }
    }
  }
  return { spans, rejected, rejectReasons, truncation };
}
