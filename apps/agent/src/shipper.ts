import { setTimeout as sleep } from 'node:timers/promises';
import type { Spool } from './state-files';

export interface ShipperOptions {
  readonly url: string;
  readonly ingestKey: string;
  readonly timeoutMs: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
}

export type ShipLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

/** What one attempt came to. */
type Attempt = { status: 'sent' } | { status: 'retry'; afterMs: number | null; reason: string } | { status: 'rejected'; reason: string };

async function post(options: ShipperOptions, body: string): Promise<Attempt> {
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': options.ingestKey },
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    return { status: 'retry', afterMs: null, reason: (error as Error).message };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return { status: 'sent' };
  const retryAfter = Number(response.headers.get('retry-after'));
  const afterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null;
  // A bad key is a configuration error, not bad data: keep the batches and keep trying.
  if (response.status === 429 || response.status >= 500 || response.status === 401 || response.status === 403) {
    return { status: 'retry', afterMs, reason: `collector answered ${response.status} ${text.slice(0, 200)}` };
  }
  return { status: 'rejected', reason: `collector answered ${response.status} ${text.slice(0, 500)}` };
}

/**
 * Sends the spool in order, one batch at a time: the next only after the collector accepted the
 * one before (at-least-once; batch ids make resends harmless). Unreachable collector, 429 and
 * 5xx: waits (Retry-After, else exponential backoff) and retries the same batch. A batch refused
 * as invalid (400, 413, 415) is moved aside so it cannot block the ones after it.
 */
export class Shipper {
  private stopped = false;
  private wake: (() => void) | null = null;
  private failing = false;
  private pausing: AbortController | null = null;
  sent = 0;
  rejected = 0;

  constructor(
    private readonly spool: Spool,
    private readonly options: ShipperOptions,
    private readonly log: ShipLog,
  ) {}

  /** Something new was spooled. */
  notify(): void {
    this.wake?.();
  }

  async run(): Promise<void> {
    let backoff = this.options.minBackoffMs;
    while (!this.stopped) {
      const name = this.spool.names()[0];
      if (name === undefined) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, 1000).unref();
        });
        this.wake = null;
        continue;
      }
      const batch = this.spool.read(name);
      if (batch === null) {
        this.spool.reject(name);
        continue;
      }
      const attempt = await post(this.options, JSON.stringify(batch));
      if (attempt.status === 'sent') {
        this.spool.remove(name);
        this.sent++;
        backoff = this.options.minBackoffMs;
        if (this.failing) this.log('info', 'collector reachable again; sending the buffered batches in order', { waiting: this.spool.names().length });
        this.failing = false;
      } else if (attempt.status === 'rejected') {
        this.spool.reject(name);
        this.rejected++;
        this.log('error', 'collector refused a batch as invalid; kept in spool/rejected', { batchId: batch.batchId, reason: attempt.reason });
      } else {
        if (!this.failing) this.log('warn', 'cannot ship to the collector; buffering on disk and retrying', { reason: attempt.reason, waiting: this.spool.names().length });
        this.failing = true;
        const wait = attempt.afterMs ?? backoff;
        backoff = Math.min(this.options.maxBackoffMs, backoff * 2);
        await this.pause(wait);
      }
    }
  }

  /** A backoff: new batches do not cut it short, stopping does. */
  private async pause(ms: number): Promise<void> {
    this.pausing = new AbortController();
    await sleep(ms, undefined, { signal: this.pausing.signal }).catch(() => undefined);
    this.pausing = null;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
    this.pausing?.abort();
  }
}
