import { trace, type Context, type Span as ApiSpan } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/** Each recording span of this process → the first span of its trace started in this process. */
const localRoots = new WeakMap<object, ApiSpan>();

/**
 * Remembers, for every span started in this process, its local root: the span that entered the
 * process (usually the SERVER or CONSUMER span of the current request), found by following
 * local parents. One WeakMap entry per live span; nothing is held once spans are collected.
 */
export class LocalRootProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const parent = trace.getSpan(parentContext);
    const parentRoot = parent === undefined ? undefined : localRoots.get(parent);
    localRoots.set(span, parentRoot ?? span);
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
  if (active === undefined) return undefined;
  const root = localRoots.get(active);
  return root !== undefined && root.isRecording() ? root : undefined;
}
