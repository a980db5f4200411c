import type { BatchOutcome, IngestJob } from '@linkscope/queue';
import type { BulkWriteOutcome, Storage } from '@linkscope/storage';

function write(storage: Pick<Storage, 'spans' | 'metrics' | 'logs' | 'accessLogs'>, job: IngestJob): Promise<BulkWriteOutcome> {
  switch (job.signal) {
    case 'spans':
      return storage.spans.bulkCreate(job.scope, job.spans);
    case 'metrics':
      return storage.metrics.bulkCreate(job.scope, job.points);
    case 'logs':
      return storage.logs.bulkCreate(job.scope, job.records);
    case 'accesslogs':
      return storage.accessLogs.bulkCreate(job.scope, job.batch);
  }
}

/**
 * Indexes one batch. Creates with deterministic ids make it safe to run twice: items already
 * stored come back as duplicates. Any item Elasticsearch could not take for a transient reason
 * makes the whole batch retryable; items it refuses as invalid are counted, not retried.
 */
export async function processIngestBatch(storage: Pick<Storage, 'spans' | 'metrics' | 'logs' | 'accessLogs'>, job: IngestJob): Promise<BatchOutcome> {
  let result;
  try {
    result = await write(storage, job);
  } catch (error) {
    return { status: 'retryable', reason: `elasticsearch unavailable: ${(error as Error).message}` };
  }
  if (result.retryable > 0) return { status: 'retryable', reason: `${result.retryable} ${job.signal} item(s) not indexed yet` };
  if (result.rejected > 0 && result.stored + result.duplicates === 0) {
    return { status: 'rejected', reason: `every item was refused: ${result.rejectReasons.join('; ')}` };
  }
  return { status: 'ok', stored: result.stored, duplicates: result.duplicates };
}
