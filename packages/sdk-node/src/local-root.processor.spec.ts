import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';

import { LocalRootProcessor, localRootOf } from './local-root.processor';

const tracer = new TracerProvider({ spanProcessors: [new LocalRootProcessor()] }).getTracer('test');

describe('LocalRootProcessor', () => {
  it('makes a span without a parent its own local root', () => {
    const root = tracer.startSpan('GET /orders');

    expect(localRootOf(root)).toBe(root);
  });

  it('gives children and grandchildren the local root of their parent', () => {
    const root = tracer.startSpan('GET /orders');
    const child = tracer.startSpan('SELECT orders', {}, trace.setSpan(ROOT_CONTEXT, root));
    const grandchild = tracer.startSpan('decode', {}, trace.setSpan(ROOT_CONTEXT, child));

    expect(localRootOf(child)).toBe(root);
    expect(localRootOf(grandchild)).toBe(root);
  });

  it('makes the entry span of a request from upstream its own root, not the remote parent', () => {
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const entry = tracer.startSpan('GET /pay', {}, remote);
    const child = tracer.startSpan('POST provider', {}, trace.setSpan(ROOT_CONTEXT, entry));

    expect(localRootOf(entry)).toBe(entry);
    expect(localRootOf(child)).toBe(entry);
  });

  it('keeps the field out of sight: not enumerable as a key of the span', () => {
    const root = tracer.startSpan('GET /orders');

    expect(Object.keys(root).some((key) => key.includes('localRoot'))).toBe(false);
    expect(JSON.stringify(Object.getOwnPropertySymbols(root).map(String))).toContain('linkscope.localRoot');
  });
});
