import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { buildHttpInstrumentationConfig, buildIgnoreIncomingRequest } from './http-instrumentation.config';
import { DEFAULT_IGNORED_PATHS } from './sdk.config';

const request = (url: string): IncomingMessage => ({ url }) as IncomingMessage;

describe('buildIgnoreIncomingRequest', () => {
  it('starts no trace for health probes, with or without a query string, and traces everything else', () => {
    const ignore = buildIgnoreIncomingRequest(DEFAULT_IGNORED_PATHS);
    expect(ignore(request('/healthz'))).toBe(true);
    expect(ignore(request('/readyz?verbose=1'))).toBe(true);
    expect(ignore(request('/api/products'))).toBe(false);
    expect(ignore(request('/healthz/deep'))).toBe(false);
  });

  it('traces every path when the list is empty', () => {
    const ignore = buildIgnoreIncomingRequest([]);
    expect(ignore(request('/healthz'))).toBe(false);
    expect(ignore({} as IncomingMessage)).toBe(false);
  });
});

describe('ignore rule edge cases', () => {
  it('matches the root path, an empty query and paths of any length exactly', () => {
    const ignore = buildIgnoreIncomingRequest(['/', '/a-rather-long-probe-path']);
    expect(ignore(request('/'))).toBe(true);
    expect(ignore(request('/?'))).toBe(true);
    expect(ignore(request('/a-rather-long-probe-path?x=1'))).toBe(true);
    expect(ignore(request('/a-rather-long-probe-path-and-more'))).toBe(false);
    expect(ignore(request('/a-rather-long-probe-pat'))).toBe(false);
    expect(ignore({} as IncomingMessage)).toBe(true);
  });

  it('does not ignore the root path unless it is listed', () => {
    const ignore = buildIgnoreIncomingRequest(['/healthz']);
    expect(ignore({} as IncomingMessage)).toBe(false);
    expect(ignore(request('/?a=/healthz'))).toBe(false);
  });
});

describe('buildHttpInstrumentationConfig', () => {
  it('leaves incoming requests to the diagnostics-channel server instrumentation', () => {
    expect(buildHttpInstrumentationConfig({}).disableIncomingRequestInstrumentation).toBe(true);
  });

  it('names listed peers on outgoing requests only when there are any', () => {
    expect(buildHttpInstrumentationConfig({}).startOutgoingSpanHook).toBeUndefined();
    const hook = buildHttpInstrumentationConfig({ peerServices: { 'psp.example.com': 'payment-provider' } }).startOutgoingSpanHook!;
    expect(hook({ hostname: 'psp.example.com', port: 443, protocol: 'https:' })).toMatchObject({ 'service.peer.name': 'payment-provider' });
    expect(hook({ hostname: 'other.example.com' })).toEqual({});
  });
});
