import type { SpanRecord } from '@linkscope/domain';
import type { IngestJob } from '@linkscope/queue';
import type { BulkWriteOutcome, Storage } from '@linkscope/storage';
import { describe, expect, it } from 'vitest';
import { processIngestBatch } from './ingest-batch.processor';

const job: IngestJob = { signal: 'spans', batchId: 'b1', scope: { tenantId: 't', projectId: 'p' }, receivedAtMs: 0, spans: [{} as SpanRecord, {} as SpanRecord] };

function repository(outcome: Partial<BulkWriteOutcome> | Error, calls: string[] = []): Pick<Storage, 'spans' | 'metrics' | 'logs' | 'accessLogs'> {
  const writer = (signal: string) => ({
    bulkCreate: async (): Promise<BulkWriteOutcome> => {
      calls.push(signal);
      if (outcome instanceof Error) throw outcome;
      return { stored: 0, duplicates: 0, retryable: 0, rejected: 0, rejectReasons: [], ...outcome };
    },
  });
  return { spans: writer('spans'), metrics: writer('metrics'), logs: writer('logs'), accessLogs: writer('accesslogs') } as unknown as Pick<Storage, 'spans' | 'metrics' | 'logs' | 'accessLogs'>;
}

describe('processIngestBatch', () => {
  it('writes each signal to its own repository', async () => {
    const calls: string[] = [];
    const storage = repository({ stored: 1 }, calls);
    await processIngestBatch(storage, job);
    await processIngestBatch(storage, { ...job, signal: 'metrics', points: [] } as IngestJob);
    await processIngestBatch(storage, { ...job, signal: 'logs', records: [] } as IngestJob);
    await processIngestBatch(storage, { ...job, signal: 'accesslogs', batch: { entries: [], samples: [], unparsed: { count: 0, samples: [] } } } as unknown as IngestJob);
    expect(calls).toEqual(['spans', 'metrics', 'logs', 'accesslogs']);
  });

  it('completes when every span is stored or already there', async () => {
    expect(await processIngestBatch(repository({ stored: 1, duplicates: 1 }), job)).toEqual({ status: 'ok', stored: 1, duplicates: 1 });
  });

  it('retries when Elasticsearch cannot be reached', async () => {
    expect(await processIngestBatch(repository(new Error('connect ECONNREFUSED')), job)).toMatchObject({ status: 'retryable' });
  });

  it('retries the batch when any item was refused for a transient reason', async () => {
    expect(await processIngestBatch(repository({ stored: 1, retryable: 1 }), job)).toMatchObject({ status: 'retryable' });
  });

  it('fails the batch for good only when every span was refused as invalid', async () => {
    expect(await processIngestBatch(repository({ rejected: 2, rejectReasons: ['400 mapper_parsing_exception'] }), job)).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('mapper_parsing_exception'),
    });
    expect(await processIngestBatch(repository({ rejected: 1, stored: 1 }), job)).toMatchObject({ status: 'ok' });
  });
});
