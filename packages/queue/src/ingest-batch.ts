import type { AccessLogBatch, LogRecord, MetricPointRecord, SpanRecord, TenantScope } from '@linkscope/domain';
import { type SpanWire, decodeSpans, encodeSpans } from './span-wire';

/** The BullMQ queue that carries telemetry batches from the collector to the workers. */
export const INGEST_QUEUE = 'ls-ingest';

/**
 * One job per received export request, never per item. `batchId` is deterministic (a digest of
 * the tenant and the request body), so a resent request is one job and one set of documents.
 */
interface BatchBase {
  readonly batchId: string;
  readonly scope: TenantScope;
  readonly receivedAtMs: number;
}

export interface SpanBatchJob extends BatchBase {
  readonly signal: 'spans';
  readonly spans: readonly SpanRecord[];
}

export interface MetricBatchJob extends BatchBase {
  readonly signal: 'metrics';
  readonly points: readonly MetricPointRecord[];
}

export interface LogBatchJob extends BatchBase {
  readonly signal: 'logs';
  readonly records: readonly LogRecord[];
}

/** Per-minute access-log statistics from an agent; `batchId` derives from the agent's own batch id. */
export interface AccessLogBatchJob extends BatchBase {
  readonly signal: 'accesslogs';
  readonly batch: AccessLogBatch;
}

export type IngestJob = SpanBatchJob | MetricBatchJob | LogBatchJob | AccessLogBatchJob;
export type IngestSignal = IngestJob['signal'];

/** A span batch as stored in Redis: the spans packed (see span-wire.ts). */
interface PackedSpanBatchJob extends BatchBase {
  readonly signal: 'spans';
  readonly packed: SpanWire;
}

/** A job's data as stored in Redis. Only span batches are packed; the other signals travel as they are. */
export type IngestJobData = PackedSpanBatchJob | MetricBatchJob | LogBatchJob | AccessLogBatchJob;

export function toJobData(job: IngestJob): IngestJobData {
  if (job.signal !== 'spans') return job;
  return { signal: 'spans', batchId: job.batchId, scope: job.scope, receivedAtMs: job.receivedAtMs, packed: encodeSpans(job.spans) };
}

/** The job again from what Redis held; also takes span batches with plain `spans`, as collectors before the packing wrote them. */
export function fromJobData(data: IngestJobData | SpanBatchJob): IngestJob {
  if (data.signal !== 'spans' || !('packed' in data)) return data;
  return { signal: 'spans', batchId: data.batchId, scope: data.scope, receivedAtMs: data.receivedAtMs, spans: decodeSpans(data.packed) };
}

/** How many items a job carries, whatever its signal. */
export function itemCount(
  job: Pick<SpanBatchJob, 'signal' | 'spans'> | Pick<MetricBatchJob, 'signal' | 'points'> | Pick<LogBatchJob, 'signal' | 'records'> | Pick<AccessLogBatchJob, 'signal' | 'batch'>,
): number {
  switch (job.signal) {
    case 'spans':
      return job.spans.length;
    case 'metrics':
      return job.points.length;
    case 'logs':
      return job.records.length;
    case 'accesslogs':
      // Route minutes and samples, and the unparsed count as one more item when there is one.
      return job.batch.entries.length + job.batch.samples.length + (job.batch.unparsed.count > 0 ? 1 : 0);
  }
}

/** What processing a batch came to: expected outcomes are values, not exceptions. */
export type BatchOutcome =
  | { readonly status: 'ok'; readonly stored: number; readonly duplicates: number }
  | { readonly status: 'retryable'; readonly reason: string }
  | { readonly status: 'rejected'; readonly reason: string };
