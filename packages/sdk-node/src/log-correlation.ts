import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * `{ trace_id, span_id, trace_flags }` of the active span, or `{}` outside a traced request: the
 * fields pino and winston lines get automatically, for any other logger (`console`, bunyan, a
 * hand-written JSON logger) to spread into its records.
 */
export function logCorrelationFields(): { trace_id?: string; span_id?: string; trace_flags?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`.slice(-2),
  };
}
