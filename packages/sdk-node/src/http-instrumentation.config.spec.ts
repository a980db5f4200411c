import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { buildHttpInstrumentationConfig } from './http-instrumentation.config';
import { DEFAULT_IGNORED_PATHS } from './sdk.config';

const request = (url: string): IncomingMessage => ({ url }) as IncomingMessage;

describe('buildHttpInstrumentationConfig', () => {
  it('starts no trace for health probes, with or without a query string, and traces everything else', () => {
    const hook = buildHttpInstrumentationConfig({ traceResponseHeader: true, ignoreIncomingPaths: DEFAULT_IGNORED_PATHS }).ignoreIncomingRequestHook!;
    expect(hook(request('/healthz'))).toBe(true);
    expect(hook(request('/readyz?verbose=1'))).toBe(true);
    expect(hook(request('/api/products'))).toBe(false);
    expect(hook(request('/healthz/deep'))).toBe(false);
  });

  it('traces every path when the list is empty', () => {
    expect(buildHttpInstrumentationConfig({ traceResponseHeader: false, ignoreIncomingPaths: [] }).ignoreIncomingRequestHook).toBeUndefined();
  });
});

describe('ignoreIncomingRequestHook edge cases', () => {
  it('matches the root path, an empty query and paths of any length exactly', () => {
    const hook = buildHttpInstrumentationConfig({ traceResponseHeader: false, ignoreIncomingPaths: ['/', '/a-rather-long-probe-path'] }).ignoreIncomingRequestHook!;
    expect(hook(request('/'))).toBe(true);
    expect(hook(request('/?'))).toBe(true);
    expect(hook(request('/a-rather-long-probe-path?x=1'))).toBe(true);
    expect(hook(request('/a-rather-long-probe-path-and-more'))).toBe(false);
    expect(hook(request('/a-rather-long-probe-pat'))).toBe(false);
    expect(hook({} as IncomingMessage)).toBe(true);
  });

  it('does not ignore the root path unless it is listed', () => {
    const hook = buildHttpInstrumentationConfig({ traceResponseHeader: false, ignoreIncomingPaths: ['/healthz'] }).ignoreIncomingRequestHook!;
    expect(hook({} as IncomingMessage)).toBe(false);
    expect(hook(request('/?a=/healthz'))).toBe(false);
  });
});
