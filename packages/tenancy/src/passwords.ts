import * as crypto from 'node:crypto';
import { argon2 as nodeArgon2 } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * argon2id with the OWASP baseline (19 MiB, 2 passes, 1 lane), stored as a PHC string so the
 * parameters can rise later without invalidating stored hashes.
 */
export const ARGON2_PARAMETERS = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 } as const;

type Argon2 = (algorithm: 'argon2id', parameters: { message: string; nonce: Buffer; memory: number; passes: number; parallelism: number; tagLength: number }) => Promise<Buffer>;

function argon2(): Argon2 {
  // Read through the named import: node:crypto defines argon2 so that a namespace copy misses it.
  const native = nodeArgon2 as unknown;
  // Node 24.7+ ships argon2 in node:crypto; the project pins Node 24, so its absence is a broken runtime.
  if (typeof native !== 'function') throw new Error('this Node.js has no crypto.argon2 (Node 24.7 or later is required)');
  return promisify(native) as unknown as Argon2;
}

/** Hashes a password (about 0.1–0.3 s of one core; off the event loop). */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const { memory, passes, parallelism, tagLength } = ARGON2_PARAMETERS;
  const hash = await argon2()('argon2id', { message: password, nonce: salt, memory, passes, parallelism, tagLength });
  return `$argon2id$v=19$m=${memory},t=${passes},p=${parallelism}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{16,128})$/;

/** True when `password` matches the stored PHC hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = PHC.exec(stored);
  if (!match) return false;
  const [, memory, passes, parallelism, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const actual = await argon2()('argon2id', {
    message: password,
    nonce: Buffer.from(salt, 'base64url'),
    memory: Number(memory),
    passes: Number(passes),
    parallelism: Number(parallelism),
    tagLength: expected.length,
  });
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so unknown emails cannot be told apart by timing. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('linkscope-timing-equaliser');
  await verifyPassword(password, await dummyHash);
  return false;
}
