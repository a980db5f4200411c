import { ROOT_CONTEXT, type Span } from '@opentelemetry/api';
import { TracerProvider, type ReadableSpan, type SpanLimits } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';

import { addTrustedAttributes, setTrustedAttribute } from './trusted-attributes';

function startSpan(spanLimits: SpanLimits = {}): Span & ReadableSpan {
  const provider = new TracerProvider({ spanLimits });
  return provider.getTracer('spec').startSpan('span', {}, ROOT_CONTEXT) as Span & ReadableSpan;
}

describe('addTrustedAttributes and setTrustedAttribute', () => {
  it('store the attributes as setAttributes would, counted against the attribute limit', () => {
    const span = startSpan({ attributeCountLimit: 3 });

    addTrustedAttributes(span, { a: 'x', b: 1 }, 3);
    setTrustedAttribute(span, 'c', 'y');
    setTrustedAttribute(span, 'a', 'overwritten');
    setTrustedAttribute(span, 'd', 'over the limit');
    span.setAttribute('e', 'over the limit too');

    expect(span.attributes).toEqual({ a: 'overwritten', b: 1, c: 'y' });
    expect(span.droppedAttributesCount).toBe(2);
  });

  it('leave it to the validating path when a value-length limit could cut a value', () => {
    const span = startSpan({ attributeValueLengthLimit: 3 });

    addTrustedAttributes(span, { path: '/items/42' }, 1);
    setTrustedAttribute(span, 'route', '/items/:id');

    expect(span.attributes).toEqual({ path: '/it', route: '/it' });
  });

  it('leave an undefined value to the validating path, which drops it', () => {
    const span = startSpan();

    addTrustedAttributes(span, { kept: 'x', missing: undefined }, 2);

    expect(span.attributes).toEqual({ kept: 'x' });
    expect(span.droppedAttributesCount).toBe(0);
  });

  it('do nothing to an ended span', () => {
    const span = startSpan();
    span.end();

    setTrustedAttribute(span, 'late', 'value');

    expect(span.attributes).toEqual({});
  });
});
