import type { Client } from '@elastic/elasticsearch';

/** How long a read watermark is reused before asking Elasticsearch again. */
const CACHE_MS = 5_000;
const DOC_ID = 'seal';

/**
 * The seal watermark: every minute before it has been sealed into `rollups1m` (one document per
 * entity and minute). Kept in a one-document index; 0 while nothing has been sealed.
 */
export class SealState {
  private cached: { value: number; readAtMs: number } | null = null;

  constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {}

  get index(): string {
    return `${this.prefix}-rollup-state`;
  }

  async sealedThroughMs(nowMs: number = Date.now()): Promise<number> {
    if (this.cached && nowMs - this.cached.readAtMs < CACHE_MS) return this.cached.value;
    const { sealedThroughMs } = await this.read();
    this.cached = { value: sealedThroughMs, readAtMs: nowMs };
    return sealedThroughMs;
  }

  /** The stored state, uncached: the watermark and when the sealing run that set it started (0, 0 before any run). */
  async read(): Promise<{ sealedThroughMs: number; lastRunStartedMs: number }> {
    const response = await this.client.get<{ sealed_through_ms?: number; last_run_started_ms?: number }>({ index: this.index, id: DOC_ID }, { ignore: [404] });
    if (!response.found) return { sealedThroughMs: 0, lastRunStartedMs: 0 };
    return { sealedThroughMs: response._source?.sealed_through_ms ?? 0, lastRunStartedMs: response._source?.last_run_started_ms ?? 0 };
  }

  /** Records a sealing run: every minute before `sealedThroughMs` is sealed (callers never move it backwards). */
  async write(state: { sealedThroughMs: number; lastRunStartedMs: number }): Promise<void> {
    await this.client.index({
      index: this.index,
      id: DOC_ID,
      document: { sealed_through_ms: state.sealedThroughMs, last_run_started_ms: state.lastRunStartedMs },
      refresh: 'wait_for',
    });
    this.cached = { value: state.sealedThroughMs, readAtMs: Date.now() };
  }

  forget(): void {
    this.cached = null;
  }
}
