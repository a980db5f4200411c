import { isSpanContextValid, trace, TraceFlags, type Attributes, type Context, type Link, type SpanKind } from '@opentelemetry/api';
import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';

const SAMPLED: SamplingResult = { decision: SamplingDecision.RECORD_AND_SAMPLED };
/** Recorded in this process, not marked sampled on the wire: the tail processor decides later. */
const RECORD_ONLY: SamplingResult = { decision: SamplingDecision.RECORD };

/**
 * Head sampling by trace-id ratio that never drops a span outright.
 *
 * - A span with a sampled parent (local or from an upstream service) is sampled: the trace
 *   stays whole across services.
 * - A new trace is sampled when the last 8 hex digits of its id fall below `ratio` of their
 *   range, the rule OpenTelemetry's `TraceIdRatioBased` sampler uses, so every service that
 *   decides on the same id agrees.
 * - Everything else is *recorded but not sampled* (`RECORD`): it costs the same CPU as a
 *   sampled span while it runs, its `traceparent` says "not sampled" downstream, and
 *   {@link KeepErrorsAndSlowProcessor} exports it after all when its local trace fails or is slow.
 *
 * With `ratio` 1 every span is sampled and the tail processor never holds anything.
 */
export class KeepErrorsAndSlowSampler implements Sampler {
  private readonly bound: number;

  constructor(private readonly ratio: number) {
    this.bound = Math.floor(ratio * 0xffffffff);
  }

  shouldSample(context: Context, traceId: string, _name: string, _kind: SpanKind, _attributes: Attributes, _links: Link[]): SamplingResult {
    if (this.ratio >= 1) return SAMPLED;
    const parent = trace.getSpanContext(context);
    if (parent !== undefined && isSpanContextValid(parent)) {
      return (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? SAMPLED : RECORD_ONLY;
    }
    return this.ratio > 0 && parseInt(traceId.slice(-8), 16) <= this.bound ? SAMPLED : RECORD_ONLY;
  }

  toString(): string {
    return `KeepErrorsAndSlowSampler{ratio=${this.ratio}}`;
  }
}
