/** Span kinds, lower-case, as stored and served. OTLP's UNSPECIFIED maps to `internal`. */
export const SPAN_KINDS = ['internal', 'server', 'client', 'producer', 'consumer'] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

/** Span status, lower-case. OTLP UNSET → `unset`. */
export const SPAN_STATUS_CODES = ['unset', 'ok', 'error'] as const;
export type SpanStatusCode = (typeof SPAN_STATUS_CODES)[number];

/** A scalar or homogeneous array attribute value, as OpenTelemetry allows. */
export type AttributeValue = string | number | boolean | string[] | number[] | boolean[];
export type Attributes = Record<string, AttributeValue>;

/** Nanoseconds since the Unix epoch as a decimal string: exact, since the value exceeds 2^53. */
export type EpochNs = string & { readonly __unit: 'epoch-ns' };
/** A duration in nanoseconds. Exact up to 2^53 ns (about 104 days). */
export type DurationNs = number & { readonly __unit: 'duration-ns' };

export const asEpochNs = (value: string | bigint): EpochNs => String(value) as EpochNs;
export const asDurationNs = (value: number): DurationNs => value as DurationNs;

export interface SpanEvent {
  readonly timeEpochNs: EpochNs;
  readonly name: string;
  readonly attributes: Attributes;
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Attributes;
}

/**
 * One span after decoding and normalisation, before tenant stamping.
 * Ids are lower-case hex: traceId 32 characters, spanId and parentSpanId 16.
 * `parentSpanId` is null for a root span (or a span whose parent is in another system).
 */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly name: string;
  readonly kind: SpanKind;
  readonly serviceName: string;
  readonly startEpochNs: EpochNs;
  readonly durationNs: DurationNs;
  readonly statusCode: SpanStatusCode;
  readonly statusMessage: string;
  readonly attributes: Attributes;
  readonly resourceAttributes: Attributes;
  readonly scopeName: string;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
}

/** Whom a piece of telemetry belongs to. Always taken from the ingest key or the session, never from the payload. */
export interface TenantScope {
  readonly tenantId: string;
  readonly projectId: string;
}
