import type { SpanRecord, TenantScope } from '@linkscope/domain';

/** The BullMQ queue that carries span batches from the collector to the worker. */
export const SPAN_BATCH_QUEUE = 'ls-span-batches';

/**
 * One job per received export request, never per span. `batchId` is deterministic
 * (a digest of the tenant and the request body), so a resent request is one job and
 * one set of documents.
 */
export interface SpanBatchJob {
  readonly batchId: string;
  readonly scope: TenantScope;
  readonly receivedAtMs: number;
  readonly spans: readonly SpanRecord[];
}

/** What processing a batch came to: expected outcomes are values, not exceptions. */
export type BatchOutcome =
  | { readonly status: 'ok'; readonly stored: number; readonly duplicates: number }
  | { readonly status: 'retryable'; readonly reason: string }
  | { readonly status: 'rejected'; readonly reason: string };
