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
