import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(SecretBox.generateKey());
  it('round-trips, with a fresh IV each time so equal secrets do not look equal', () => {
    const a = box.seal('SECabc', 't1/p1/c1');
    const b = box.seal('SECabc', 't1/p1/c1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('SECabc');
    expect(box.open(a, 't1/p1/c1')).toBe('SECabc');
  });
  it('refuses a ciphertext moved to another record, altered, or opened with another key', () => {
    const sealed = box.seal('SECabc', 't1/p1/c1');
    expect(() => box.open(sealed, 't2/p1/c1')).toThrow();
    const parts = sealed.split(':');
    parts[3] = Buffer.from('SECabd').toString('base64');
    expect(() => box.open(parts.join(':'), 't1/p1/c1')).toThrow();
    expect(() => new SecretBox(SecretBox.generateKey()).open(sealed, 't1/p1/c1')).toThrow();
  });
  it('refuses keys that are not 32 bytes', () => {
    expect(() => new SecretBox('abcd')).toThrow(/32 bytes/);
  });
});
