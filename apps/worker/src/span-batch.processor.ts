import type { BatchOutcome, SpanBatchJob } from '@linkscope/queue';
import type { SpanRepository } from '@linkscope/storage';

/**
 * Indexes one batch. Creates with deterministic ids make it safe to run twice: spans already
 * stored come back as duplicates. Any item Elasticsearch could not take for a transient reason
 * makes the whole batch retryable; items it refuses as invalid are counted, not retried.
 */
export async function processSpanBatch(spans: Pick<SpanRepository, 'bulkCreate'>, job: SpanBatchJob): Promise<BatchOutcome> {
  let result;
  try {
    result = await spans.bulkCreate(job.scope, job.spans);
  } catch (error) {
    return { status: 'retryable', reason: `elasticsearch unavailable: ${(error as Error).message}` };
  }
  if (result.retryable > 0) return { status: 'retryable', reason: `${result.retryable} span(s) not indexed yet` };
  if (result.rejected > 0 && result.stored + result.duplicates === 0) {
    return { status: 'rejected', reason: `every span was refused: ${result.rejectReasons.join('; ')}` };
  }
  return { status: 'ok', stored: result.stored, duplicates: result.duplicates };
}
