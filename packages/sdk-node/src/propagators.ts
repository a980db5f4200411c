import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';

import type { PropagatorName } from './init.options';

/**
 * One propagator for the listed formats: each injects its headers in list order, and a later one
 * that finds a context on extraction overrides the ones before it. B3 extraction reads both the single `b3` header and
 * the `X-B3-*` headers whichever encoding is configured for injection.
 */
export function buildPropagator(names: readonly PropagatorName[]): TextMapPropagator {
  const propagators = names.map((name): TextMapPropagator => {
    switch (name) {
      case 'tracecontext':
        return new W3CTraceContextPropagator();
      case 'baggage':
        return new W3CBaggagePropagator();
      case 'b3':
        return new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER });
      case 'b3multi':
        return new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });
    }
  });
  return new CompositePropagator({ propagators });
}
