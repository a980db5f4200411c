export { INGEST_QUEUE, itemCount } from './ingest-batch';
export type { BatchOutcome, IngestJob, IngestSignal, LogBatchJob, MetricBatchJob, SpanBatchJob } from './ingest-batch';
export { IngestProducer } from './ingest-producer';
export type { EnqueueResult } from './ingest-producer';
export { IngestConsumer } from './ingest-consumer';
export type { IngestConsumerOptions } from './ingest-consumer';
export { INGEST_ATTEMPTS, MAX_BACKOFF_MS, cappedExponentialBackoff } from './job-options';
