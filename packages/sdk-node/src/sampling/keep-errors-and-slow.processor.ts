import { SpanKind, SpanStatusCode, TraceFlags, type Context, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/** Local traces held at once while waiting for their decision; beyond it new ones are not held. */
export const MAX_HELD_TRACES = 1_000;
/** Spans held per local trace; beyond it the trace's further spans are dropped. */
export const MAX_HELD_SPANS_PER_TRACE = 512;

interface HeldTrace {
  spans: ReadableSpan[];
  /** Spans started and not yet ended. */
  open: number;
  keep: boolean;
}

/** Counters of what the processor did, for diagnostics and tests. */
export interface KeepErrorsAndSlowStats {
  /** Unsampled spans exported because their local trace failed or was slow. */
  keptSpans: number;
  /** Unsampled spans discarded once their local trace ended fine and fast. */
  discardedSpans: number;
  /** Spans that could not be held (a bound was hit): never exported. */
  overflowSpans: number;
}

/**
 * The tail half of "head sampling, but keep errors and slow requests". Spans the
 * {@link KeepErrorsAndSlowSampler} recorded without sampling are held, grouped by trace id,
 * until every one of them in this process has ended. If one of them ended with status ERROR, or
 * an entry span (SERVER or CONSUMER) took at least `slowThresholdMs`, all of them are handed to
 * `next` (the batch processor) marked sampled; otherwise they are dropped.
 *
 * The decision is local: the spans other services recorded for the same trace are kept only if
 * those services saw the error or the slowness themselves (a 5xx travels back up the call chain,
 * so upstream entry spans usually fail too; a fast, healthy downstream call is lost). Memory is
 * bounded by {@link MAX_HELD_TRACES} × {@link MAX_HELD_SPANS_PER_TRACE}.
 */
export class KeepErrorsAndSlowProcessor implements SpanProcessor {
  readonly stats: KeepErrorsAndSlowStats = { keptSpans: 0, discardedSpans: 0, overflowSpans: 0 };
  private readonly held = new Map<string, HeldTrace>();
  private readonly slowThresholdNs: number;

  constructor(
    private readonly next: SpanProcessor,
    slowThresholdMs: number,
  ) {
    this.slowThresholdNs = slowThresholdMs * 1e6;
  }

  onStart(span: Span, _parentContext: Context): void {
    const spanContext = span.spanContext();
    if (isSampled(spanContext)) return;
    let held = this.held.get(spanContext.traceId);
    if (held === undefined) {
      if (this.held.size >= MAX_HELD_TRACES) return;
      held = { spans: [], open: 0, keep: false };
      this.held.set(spanContext.traceId, held);
    }
    held.open += 1;
  }

  onEnd(span: ReadableSpan): void {
    const spanContext = span.spanContext();
    if (isSampled(spanContext)) return;
    const held = this.held.get(spanContext.traceId);
    if (held === undefined) {
      this.stats.overflowSpans += 1;
      return;
    }
    held.open -= 1;
    if (held.spans.length < MAX_HELD_SPANS_PER_TRACE) held.spans.push(span);
    else this.stats.overflowSpans += 1;
    if (span.status.code === SpanStatusCode.ERROR || this.isSlowEntry(span)) held.keep = true;
    if (held.open > 0) return;
    this.held.delete(spanContext.traceId);
    if (!held.keep) {
      this.stats.discardedSpans += held.spans.length;
      return;
    }
    this.stats.keptSpans += held.spans.length;
    for (const heldSpan of held.spans) this.next.onEnd(markedSampled(heldSpan));
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.held.clear();
    return Promise.resolve();
  }

  private isSlowEntry(span: ReadableSpan): boolean {
    if (span.kind !== SpanKind.SERVER && span.kind !== SpanKind.CONSUMER) return false;
    const [seconds, nanos] = span.duration;
    return seconds * 1e9 + nanos >= this.slowThresholdNs;
  }
}

function isSampled(spanContext: SpanContext): boolean {
  return (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
}

/** The same span, reporting the sampled flag, so the batch processor (which skips unsampled spans) exports it. */
function markedSampled(span: ReadableSpan): ReadableSpan {
  const spanContext = { ...span.spanContext(), traceFlags: span.spanContext().traceFlags | TraceFlags.SAMPLED };
  return Object.create(span, { spanContext: { value: () => spanContext } }) as ReadableSpan;
}
