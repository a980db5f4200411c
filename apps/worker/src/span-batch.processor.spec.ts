import type { SpanRecord } from '@linkscope/domain';
import type { SpanBatchJob } from '@linkscope/queue';
import type { BulkWriteOutcome } from '@linkscope/storage';
import { describe, expect, it } from 'vitest';
import { processSpanBatch } from './span-batch.processor';

const job: SpanBatchJob = { batchId: 'b1', scope: { tenantId: 't', projectId: 'p' }, receivedAtMs: 0, spans: [{} as SpanRecord, {} as SpanRecord] };

function repository(outcome: Partial<BulkWriteOutcome> | Error) {
  return {
    bulkCreate: async (): Promise<BulkWriteOutcome> => {
      if (outcome instanceof Error) throw outcome;
      return { stored: 0, duplicates: 0, retryable: 0, rejected: 0, rejectReasons: [], ...outcome };
    },
  };
}

describe('processSpanBatch', () => {
  it('completes when every span is stored or already there', async () => {
    expect(await processSpanBatch(repository({ stored: 1, duplicates: 1 }), job)).toEqual({ status: 'ok', stored: 1, duplicates: 1 });
  });

  it('retries when Elasticsearch cannot be reached', async () => {
    expect(await processSpanBatch(repository(new Error('connect ECONNREFUSED')), job)).toMatchObject({ status: 'retryable' });
  });

  it('retries the batch when any item was refused for a transient reason', async () => {
    expect(await processSpanBatch(repository({ stored: 1, retryable: 1 }), job)).toMatchObject({ status: 'retryable' });
  });

  it('fails the batch for good only when every span was refused as invalid', async () => {
    expect(await processSpanBatch(repository({ rejected: 2, rejectReasons: ['400 mapper_parsing_exception'] }), job)).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('mapper_parsing_exception'),
    });
    expect(await processSpanBatch(repository({ rejected: 1, stored: 1 }), job)).toMatchObject({ status: 'ok' });
  });
});
