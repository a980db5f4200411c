import { trace, type Context, type HrTime, type Span as ApiSpan } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { epochMsAt } from './precise-clock';

/**
 * Where a span started in this process keeps its local root. A symbol-keyed field on the span
 * itself rather than a WeakMap: one property store per span instead of a hash-table insert whose
 * entries the garbage collector has to trace as ephemerons (the WeakMap was the largest of our own
 * costs per request in a CPU profile of bench:sdk). Invisible to everything else: symbols are not
 * enumerated or serialised.
 */
const LOCAL_ROOT: unique symbol = Symbol('linkscope.localRoot');

interface WithLocalRoot {
  [LOCAL_ROOT]?: ApiSpan;
}

/**
 * The two fields of `@opentelemetry/sdk-trace` 3.1's `SpanImpl` (pinned) that say when a span
 * started: `performance.now()` at its start, and whether the caller gave a start time.
 */
interface SpanStartFields {
  startTime: HrTime;
  readonly _performanceStartTime?: number;
  readonly _startTimeProvided?: boolean;
}

/**
 * OpenTelemetry JS starts a span at `Date.now()`, in whole milliseconds, and adds the duration it
 * measures with `performance.now()`. Spans that start within one millisecond then share a start:
 * back-to-back calls overlap in the waterfall and a child can seem to end after its parent. The
 * start is set again from the span's own `performance.now()` reading against the wall clock
 * (precise-clock.ts); its end, which OpenTelemetry computes as start plus that duration, follows.
 * Spans given an explicit start time keep it.
 */
function refineStartTime(span: Span): void {
  const fields = span as unknown as SpanStartFields;
  if (fields._startTimeProvided === false && typeof fields._performanceStartTime === 'number') {
    fields.startTime = millisToHrTime(epochMsAt(fields._performanceStartTime));
  }
}

/**
 * Remembers, for every span started in this process, its local root: the span that entered the
 * process (usually the SERVER or CONSUMER span of the current request), found by following
 * local parents. A parent that did not start here (an upstream context, a bare span context)
 * has no local root, so the new span is its own. Nothing is held beyond the spans themselves.
 * It runs first for every span, so it also gives the span its sub-millisecond start (above).
 */
export class LocalRootProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    refineStartTime(span);
    const parent = trace.getSpan(parentContext) as (ApiSpan & WithLocalRoot) | undefined;
    (span as Span & WithLocalRoot)[LOCAL_ROOT] = parent?.[LOCAL_ROOT] ?? span;
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The local root of the span active in the current context, or `undefined` when there is no
 * recording span (before `init`, outside a request, or when the request is not traced).
 */
export function activeLocalRoot(): ApiSpan | undefined {
  const active = trace.getActiveSpan();
  const root = active === undefined ? undefined : localRootOf(active);
  return root !== undefined && root.isRecording() ? root : undefined;
}

/** The local root {@link LocalRootProcessor} recorded for `span`; `undefined` for a span it never saw. */
export function localRootOf(span: ApiSpan): ApiSpan | undefined {
  return (span as ApiSpan & WithLocalRoot)[LOCAL_ROOT];
}
