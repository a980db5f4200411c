import { describe, expect, it } from 'vitest';

import { DemoConfigError, readHttpUrl, readNumber, readOptionalInteger, readPort } from './env-values';

describe('env values', () => {
  it('uses the fallback for unset and blank variables', () => {
    expect(readPort({}, 'P', 8081)).toBe(8081);
    expect(readPort({ P: '  ' }, 'P', 8081)).toBe(8081);
    expect(readOptionalInteger({ N: '' }, 'N', 1, 10)).toBeUndefined();
  });

  it.each(['0', '65536', '80.5', 'http'])('rejects port %s, naming the variable', (raw) => {
    expect(() => readPort({ DEMO_GATEWAY_PORT: raw }, 'DEMO_GATEWAY_PORT', 8081)).toThrow(
      new DemoConfigError(`DEMO_GATEWAY_PORT="${raw}" must be an integer from 1 to 65535.`),
    );
  });

  it('accepts a share within bounds and rejects one outside', () => {
    expect(readNumber({ R: '0.25' }, 'R', 0.05, 0, 1)).toBe(0.25);
    expect(() => readNumber({ R: '1.5' }, 'R', 0.05, 0, 1)).toThrow(DemoConfigError);
  });

  it('returns URLs without a trailing slash and rejects non-HTTP schemes', () => {
    expect(readHttpUrl({ U: 'http://127.0.0.1:8082/' }, 'U', 'http://x')).toBe('http://127.0.0.1:8082');
    expect(() => readHttpUrl({ U: 'file:///etc/passwd' }, 'U', 'http://x')).toThrow(DemoConfigError);
  });
});
