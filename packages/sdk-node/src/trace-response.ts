import { INVALID_SPANID, INVALID_TRACEID, isSpanContextValid, type Span, type SpanContext } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Response header naming the server span, per W3C Trace Context Level 2. */
export const TRACERESPONSE_HEADER = 'traceresponse';
/** Response header with the bare trace id (32 lowercase hex), the form people quote in a support ticket. */
export const TRACE_ID_HEADER = 'x-trace-id';

/** `00`…`ff`: the trace-flags field of every possible flags byte, formatted once. */
const FLAGS_HEX: readonly string[] = Array.from({ length: 256 }, (_, flags) => flags.toString(16).padStart(2, '0'));

/**
 * Formats a span context as a W3C Trace Context Level 2 `traceresponse` value:
 * `00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`. Returns `undefined` for an invalid
 * context (all-zero ids), which must never be sent.
 */
export function formatTraceResponse(spanContext: SpanContext): string | undefined {
  if (!isSpanContextValid(spanContext)) return undefined;
  return traceResponseValue(spanContext);
}

function traceResponseValue(spanContext: SpanContext): string {
  return `00-${spanContext.traceId}-${spanContext.spanId}-${FLAGS_HEX[spanContext.traceFlags & 0xff]}`;
}

/**
 * Sets `traceresponse` and `x-trace-id` on a server response. The HTTP server instrumentation
 * calls it with the `ServerResponse` before the application's handler runs, so the headers are
 * in place before anything can be written. Node merges headers set here with those the handler
 * passes to `writeHead`, so the handler does not have to cooperate. Anything that is not a
 * server response (an `IncomingMessage`) and a response whose headers are sent are left alone.
 *
 * Runs on every request, so it skips `isSpanContextValid`'s two regular expressions: the span
 * comes from the instrumentation's own tracer, whose ids are well-formed hex by construction,
 * and the only invalid context it can hand over is the all-zero one of a suppressed request.
 */
export function setTraceResponseHeader(span: Span, response: IncomingMessage | ServerResponse): void {
  if (!isServerResponse(response) || response.headersSent) return;
  const spanContext = span.spanContext();
  if (spanContext.traceId === INVALID_TRACEID || spanContext.spanId === INVALID_SPANID) return;
  response.setHeader(TRACERESPONSE_HEADER, traceResponseValue(spanContext));
  response.setHeader(TRACE_ID_HEADER, spanContext.traceId);
}

// Duck-typed on purpose: importing node:http here would load it before the outgoing HTTP
// instrumentation has hooked `require`.
function isServerResponse(response: IncomingMessage | ServerResponse): response is ServerResponse {
  return typeof (response as Partial<ServerResponse>).setHeader === 'function';
}
