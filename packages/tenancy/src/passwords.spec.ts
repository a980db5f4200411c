import { describe, expect, it } from 'vitest';
import { MemoryAttemptCounter } from './attempt-counter';
import { hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('are stored as argon2id PHC strings with a fresh salt and verify only with the right password', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery staple', first)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', first)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});

describe('MemoryAttemptCounter', () => {
  it('counts within a window and starts again after it', async () => {
    let now = 0;
    const counter = new MemoryAttemptCounter(10, () => now);
    expect(await counter.increment('a', 60)).toBe(1);
    expect(await counter.increment('a', 60)).toBe(2);
    expect(await counter.count('a')).toBe(2);
    now = 60_000;
    expect(await counter.count('a')).toBe(0);
    expect(await counter.increment('a', 60)).toBe(1);
    await counter.clear('a');
    expect(await counter.count('a')).toBe(0);
  });
});
