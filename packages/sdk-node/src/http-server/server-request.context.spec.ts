import { createContextKey, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';

import { ServerRequestContext } from './server-request.context';

const remoteParent = trace.setSpanContext(propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ tenant: { value: 'acme' } })), {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
});
const serverSpan = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '1111111111111111', traceFlags: TraceFlags.SAMPLED });
const OTHER_KEY = createContextKey('linkscope.test.other');

describe('ServerRequestContext', () => {
  it('holds the server span and is its own HTTP RPC metadata, where a framework writes the route', () => {
    const context = new ServerRequestContext(remoteParent, serverSpan, undefined);

    const metadata = getRPCMetadata(context);
    if (metadata !== undefined) metadata.route = '/items/:id';

    expect(trace.getSpan(context)).toBe(serverSpan);
    expect(metadata).toMatchObject({ type: RPCType.HTTP, span: serverSpan });
    expect(context.route).toBe('/items/:id');
  });

  it('answers every other key from the context it was extracted into (baggage here)', () => {
    const context = new ServerRequestContext(remoteParent, serverSpan, undefined);

    expect(propagation.getBaggage(context)?.getEntry('tenant')?.value).toBe('acme');
    expect(context.getValue(OTHER_KEY)).toBeUndefined();
  });

  it('derives, on setValue and deleteValue, ordinary contexts with the same values and leaves itself unchanged', () => {
    const context = new ServerRequestContext(remoteParent, serverSpan, undefined);
    const child = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '2222222222222222', traceFlags: TraceFlags.SAMPLED });

    const withChild = trace.setSpan(context, child);
    const withOther = context.setValue(OTHER_KEY, 42);
    const withoutSpan = trace.deleteSpan(context);

    expect(trace.getSpan(withChild)).toBe(child);
    expect(getRPCMetadata(withChild)).toBe(context);
    expect(propagation.getBaggage(withChild)?.getEntry('tenant')?.value).toBe('acme');
    expect(withOther.getValue(OTHER_KEY)).toBe(42);
    expect(trace.getSpan(withOther)).toBe(serverSpan);
    expect(trace.getSpan(withoutSpan)).toBeUndefined();
    expect(getRPCMetadata(withoutSpan)).toBe(context);
    expect(trace.getSpan(context)).toBe(serverSpan);
    expect(context.getValue(OTHER_KEY)).toBeUndefined();
  });
});
