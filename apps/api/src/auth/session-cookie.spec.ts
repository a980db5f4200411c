import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readCookie, sessionCookie } from './session-cookie';

describe('session cookie', () => {
  it('is httpOnly, SameSite=Lax, path-wide, Secure when asked, with a Max-Age to its expiry', () => {
    const cookie = sessionCookie('tok', new Date(Date.now() + 3_600_000), true);
    expect(cookie).toMatch(/^ls_session=tok; Path=\/; HttpOnly; SameSite=Lax; Max-Age=(3599|3600); Secure$/);
    expect(sessionCookie('tok', new Date(Date.now() + 1000), false)).not.toContain('Secure');
    expect(clearedSessionCookie(false)).toContain('Max-Age=0');
  });

  it('is read from a Cookie header among others, and not from an oversized one', () => {
    expect(readCookie('a=1; ls_session=abc; b=2', 'ls_session')).toBe('abc');
    expect(readCookie('ls_sessionx=1', 'ls_session')).toBeUndefined();
    expect(readCookie(undefined, 'ls_session')).toBeUndefined();
    expect(readCookie(`ls_session=abc; pad=${'x'.repeat(9000)}`, 'ls_session')).toBeUndefined();
  });
});
