import { createHash } from 'node:crypto';
import type { SpanRecord, TenantScope } from '@linkscope/domain';
import type { EnqueueResult, SpanBatchJob } from '@linkscope/queue';

/** Where accepted batches go. The BullMQ producer in production; the interface keeps routes testable. */
export interface SpanBatchSink {
  enqueue(job: SpanBatchJob): Promise<EnqueueResult>;
  backlog(): Promise<number>;
  isReady(): Promise<boolean>;
}

export type SubmitOutcome =
  | { readonly status: 'accepted' }
  | { readonly status: 'overloaded'; readonly retryAfterSeconds: number }
  | { readonly status: 'unavailable'; readonly retryAfterSeconds: number; readonly reason: string };

const RETRY_AFTER_SECONDS = 5;
const BACKLOG_REFRESH_MS = 1000;

/**
 * The one path from decoded spans to the queue, shared by every wire format. It refuses work
 * above the queue's high-water mark (checked against a backlog figure refreshed once a second,
 * not per request) and acknowledges only what Redis stored.
 */
export class SpanIngest {
  private backlog = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: SpanBatchSink,
    private readonly highWater: number,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.refreshBacklog(), BACKLOG_REFRESH_MS);
    this.timer.unref();
  }

  private async refreshBacklog(): Promise<void> {
    this.backlog = await this.sink.backlog().catch(() => this.backlog);
  }

  /** Cheap check made before a body is decoded. */
  isOverloaded(): boolean {
    return this.backlog >= this.highWater;
  }

  /**
   * Enqueues one batch. `body` is the request as received (after decompression): its digest with
   * the tenant is the batch id, so a resent request is one job and one set of documents.
   */
  async submit(scope: TenantScope, format: string, body: Buffer, spans: readonly SpanRecord[]): Promise<SubmitOutcome> {
    if (this.isOverloaded()) return { status: 'overloaded', retryAfterSeconds: RETRY_AFTER_SECONDS };
    if (spans.length === 0) return { status: 'accepted' };
    const batchId = createHash('sha256')
      .update(scope.tenantId).update('\0').update(scope.projectId).update('\0').update(format).update('\0').update(body)
      .digest('hex')
      .slice(0, 40);
    const result = await this.sink.enqueue({ batchId, scope, receivedAtMs: this.now(), spans });
    if (result.status === 'unavailable') return { status: 'unavailable', retryAfterSeconds: RETRY_AFTER_SECONDS, reason: result.reason };
    return { status: 'accepted' };
  }

  isReady(): Promise<boolean> {
    return this.sink.isReady();
  }

  close(): void {
    clearInterval(this.timer);
  }
}
