import { createHash } from 'node:crypto';
import type { TenantScope } from '@linkscope/domain';
import { type EnqueueResult, type IngestJob, itemCount } from '@linkscope/queue';
import type { CollectorMetrics, Signal } from './collector-metrics';
import type { TenantRateLimiter } from './tenant-rate-limiter';

/** Where accepted batches go. The BullMQ producer in production; the interface keeps routes testable. */
export interface IngestSink {
  enqueue(job: IngestJob): Promise<EnqueueResult>;
  backlog(): Promise<number>;
  isReady(): Promise<boolean>;
}

export type SubmitOutcome =
  | { readonly status: 'accepted' }
  | { readonly status: 'rate_limited'; readonly retryAfterSeconds: number }
  | { readonly status: 'overloaded'; readonly retryAfterSeconds: number }
  | { readonly status: 'unavailable'; readonly retryAfterSeconds: number; readonly reason: string };

/** The signal-specific part of a job: what the decoder produced. */
export type IngestPayload = IngestJob extends infer J ? (J extends IngestJob ? Omit<J, 'batchId' | 'scope' | 'receivedAtMs'> : never) : never;

/** Every outcome but success: the request is answered 429 or 503 with Retry-After. */
export type IngestRefusal = Exclude<SubmitOutcome, { status: 'accepted' }>;

const RETRY_AFTER_SECONDS = 5;
const BACKLOG_REFRESH_MS = 1000;

/**
 * The one path from decoded telemetry to the queue, shared by every signal and wire format. It refuses work
 * above the queue's high-water mark (checked against a backlog figure refreshed once a second,
 * not per request) and acknowledges only what Redis stored.
 */
export class TelemetryIngest {
  private backlog = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: IngestSink,
    private readonly highWater: number,
    private readonly limiter: TenantRateLimiter,
    private readonly metrics: CollectorMetrics,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => void this.refreshBacklog(), BACKLOG_REFRESH_MS);
    this.timer.unref();
  }

  private async refreshBacklog(): Promise<void> {
    this.backlog = await this.sink.backlog().catch(() => this.backlog);
    this.metrics.backlog.set(this.backlog);
  }

  /**
   * The cheap checks made before a body is decoded: the tenant's rate and the queue's
   * high-water mark. Null when the request may go on.
   */
  admit(scope: TenantScope, signal: Signal): IngestRefusal | null {
    const wait = this.limiter.retryAfterSeconds(scope.tenantId);
    if (wait > 0) return this.throttle(signal, { status: 'rate_limited', retryAfterSeconds: wait });
    if (this.backlog >= this.highWater) return this.throttle(signal, { status: 'overloaded', retryAfterSeconds: RETRY_AFTER_SECONDS });
    return null;
  }

  private throttle<T extends IngestRefusal>(signal: Signal, outcome: T): T {
    const reason = outcome.status === 'rate_limited' ? 'rate_limited' : outcome.status === 'overloaded' ? 'queue_full' : 'queue_unavailable';
    this.metrics.throttledRequest(signal, reason);
    return outcome;
  }

  /**
   * Enqueues one batch. `body` is the request as received (after decompression): its digest with
   * the tenant is the batch id, so a resent request is one job and one set of documents.
   */
  async submit(scope: TenantScope, signal: Signal, format: string, body: Buffer, payload: IngestPayload): Promise<SubmitOutcome> {
    const items = itemCount(payload);
    if (items === 0) return { status: 'accepted' };
    const wait = this.limiter.take(scope.tenantId, items);
    if (wait > 0) return this.throttle(signal, { status: 'rate_limited', retryAfterSeconds: wait });
    const batchId = createHash('sha256')
      .update(scope.tenantId).update('\0').update(scope.projectId).update('\0').update(format).update('\0').update(body)
      .digest('hex')
      .slice(0, 40);
    const result = await this.sink.enqueue({ ...payload, batchId, scope, receivedAtMs: this.now() } as IngestJob);
    if (result.status === 'unavailable') {
      return this.throttle(signal, { status: 'unavailable', retryAfterSeconds: RETRY_AFTER_SECONDS, reason: result.reason });
    }
    this.metrics.acceptedItems(signal, items);
    return { status: 'accepted' };
  }

  isReady(): Promise<boolean> {
    return this.sink.isReady();
  }

  close(): void {
    clearInterval(this.timer);
  }
}
