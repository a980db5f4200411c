export { SPAN_BATCH_QUEUE } from './span-batch';
export type { BatchOutcome, SpanBatchJob } from './span-batch';
export { SpanBatchProducer } from './span-batch-producer';
export type { EnqueueResult } from './span-batch-producer';
export { SpanBatchConsumer } from './span-batch-consumer';
export type { SpanBatchConsumerOptions } from './span-batch-consumer';
export { MAX_BACKOFF_MS, SPAN_BATCH_ATTEMPTS, cappedExponentialBackoff } from './job-options';
