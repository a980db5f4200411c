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
    const response = await this.client.get<{ sealed_through_ms?: number }>({ index: this.index, id: DOC_ID }, { ignore: [404] });
    const value = response.found ? (response._source?.sealed_through_ms ?? 0) : 0;
    this.cached = { value, readAtMs: nowMs };
    return value;
  }

  /** Moves the watermark (never backwards) once the minutes before `sealedThroughMs` are sealed. */
  async advance(sealedThroughMs: number): Promise<void> {
    await this.client.index({ index: this.index, id: DOC_ID, document: { sealed_through_ms: sealedThroughMs }, refresh: 'wait_for' });
    this.cached = { value: sealedThroughMs, readAtMs: Date.now() };
  }

  forget(): void {
    this.cached = null;
  }
}
