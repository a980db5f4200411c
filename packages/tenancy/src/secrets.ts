import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefixes make a leaked secret recognisable (secret scanners) and say what it is. */
export const SECRET_PREFIX = { ingestKey: 'ls_ik_', apiToken: 'ls_at_', session: '', invitation: 'ls_inv_' } as const;

/** A new secret: the prefix and 256 random bits, URL-safe. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 (hex) of a secret. Right for high-entropy secrets (keys, tokens, session ids): nothing
 * to brute-force, and fast enough for every request. Passwords use argon2id instead.
 */
export function digestSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What lists show of a secret: its first 12 characters. */
export function secretDisplayPrefix(secret: string): string {
  return secret.slice(0, 12);
}

/** Constant-time comparison of two strings of any length. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
