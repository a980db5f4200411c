import { trace, type Context, type Span as ApiSpan } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

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
 * Remembers, for every span started in this process, its local root: the span that entered the
 * process (usually the SERVER or CONSUMER span of the current request), found by following
 * local parents. A parent that did not start here (an upstream context, a bare span context)
 * has no local root, so the new span is its own. Nothing is held beyond the spans themselves.
 */
export class LocalRootProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
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
