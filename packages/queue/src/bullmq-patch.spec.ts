import { RedisQueueBackend } from 'bullmq';
import { describe, expect, it } from 'vitest';

describe('BullMQ as patched (patches/bullmq+*.patch, ADR 0019)', () => {
  it('checks moveToFinished for an error code without turning the next job it fetched into a string', async () => {
    // BullMQ 6.7 compares the script's reply with `< 0` whatever its type; a reply that is the next
    // job (an array holding its data) is then joined into one string: 0.3–0.5 ms per span job.
    const data = { toString: (): string => { throw new Error('the next job was turned into a string'); } };
    const backend = { queue: { client: Promise.resolve({}) }, execCommand: async () => [data, 'next-job-id', 0, 0] };
    const moveToFinished = RedisQueueBackend.prototype.moveToFinished as (this: unknown, jobId: string, args: unknown[]) => Promise<unknown>;
    await expect(moveToFinished.call(backend, 'job-1', [])).resolves.toEqual([expect.anything(), 'next-job-id', 0, 0]);
  });
});
