import { TraceFlags, type Span, type SpanContext } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';

import { formatTraceResponse, setTraceResponseHeader, TRACERESPONSE_HEADER } from './trace-response';

const sampled: SpanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};

function spanWith(spanContext: SpanContext): Span {
  return { spanContext: () => spanContext } as Span;
}

function fakeServerResponse(headersSent = false) {
  const headers = new Map<string, string>();
  const response = {
    headersSent,
    setHeader: (name: string, value: string) => headers.set(name, value),
  } as unknown as ServerResponse;
  return { response, headers };
}

describe('formatTraceResponse', () => {
  it('formats version, trace id, span id and flags as W3C Trace Context Level 2', () => {
    expect(formatTraceResponse(sampled)).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });

  it('writes unsampled flags as 00', () => {
    expect(formatTraceResponse({ ...sampled, traceFlags: TraceFlags.NONE })).toMatch(/-00$/);
  });

  it('returns undefined for an invalid (all-zero) context', () => {
    expect(formatTraceResponse({ ...sampled, traceId: '0'.repeat(32) })).toBeUndefined();
  });
});

describe('setTraceResponseHeader', () => {
  it('sets the header on a server response whose headers are not sent yet', () => {
    const { response, headers } = fakeServerResponse();

    setTraceResponseHeader(spanWith(sampled), response);

    expect(headers.get(TRACERESPONSE_HEADER)).toBe(formatTraceResponse(sampled));
  });

  it('leaves a response alone once its headers are sent', () => {
    const { response, headers } = fakeServerResponse(true);

    setTraceResponseHeader(spanWith(sampled), response);

    expect(headers.size).toBe(0);
  });

  it('ignores the IncomingMessage an outgoing request hands to the hook', () => {
    const incoming = { headers: {} } as IncomingMessage;

    expect(() => setTraceResponseHeader(spanWith(sampled), incoming)).not.toThrow();
  });
});
