import type { Attributes, DurationNs, EpochNs, SpanEvent, SpanKind, SpanLink, SpanStatusCode } from './span';

/** One row of the trace list: a trace seen through its root span. */
export interface TraceSummary {
  readonly traceId: string;
  readonly rootServiceName: string;
  readonly rootOperation: string;
  readonly startEpochMs: number;
  /** Duration of the root span, which bounds the whole request as the caller saw it. */
  readonly durationNs: DurationNs;
  readonly spanCount: number;
  readonly errorCount: number;
  readonly serviceNames: readonly string[];
  /**
   * The span the list was looking for, when it was narrowed to a layer entity: that entity's
   * (slowest) span in this trace, so the trace opens on it.
   */
  readonly focus?: { readonly spanId: string; readonly name: string; readonly serviceName: string; readonly durationNs: DurationNs };
}

export interface TraceListResponse {
  readonly traces: readonly TraceSummary[];
}

/** One span as the API serves it for the trace page. */
export interface SpanView {
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
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
}

export interface TraceDetailResponse {
  readonly traceId: string;
  /** Spans sorted by start time. At most the API's span limit; `truncated` says when more exist. */
  readonly spans: readonly SpanView[];
  readonly truncated: boolean;
}
