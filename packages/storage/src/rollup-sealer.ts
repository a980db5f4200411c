import type { Client, estypes } from '@elastic/elasticsearch';
import { type Layer, type RollupRecord, type RollupSource, entityDimsFromKey } from '@linkscope/domain';
import { createHash } from 'node:crypto';
import { rollupIndexFor, rollupIndicesBetween } from './index-names';
import { readTotals, totalsAggregations } from './rollup-aggregations';
import { toRollupDocument } from './rollup-document';
import type { SealState } from './seal-state';

const MINUTE_MS = 60_000;
/** Entity-minutes summed per composite page (each page is one search and one bulk write). */
const PAGE_SIZE = 1_000;
/**
 * Minutes sealed per composite aggregation. A composite aggregation visits every matching document
 * for each page, so a long range is cut into short ones that fit in about one page each.
 */
const CHUNK_MINUTES = 5;
/** Chunks sealed at once. */
const CHUNK_CONCURRENCY = 2;
/** Late batch documents are looked for from this long before the previous run started (refresh delay). */
const LATE_MARGIN_MS = 30_000;
/** Most minutes re-sealed for late arrivals in one run; the rest wait for the next run. */
const MAX_LATE_MINUTES = 1_440;

/** What one sealing run did. */
export interface SealOutcome {
  /** The watermark after the run: every minute before it is read from sealed documents. */
  readonly sealedThroughMs: number;
  /** Minutes newly sealed (between the old and the new watermark). */
  readonly minutesSealed: number;
  /** Minutes before the old watermark sealed again because batch documents arrived after they were sealed. */
  readonly lateMinutesResealed: number;
  /** Sealed documents written (one per tenant, project, layer, source, entity and minute). */
  readonly documentsWritten: number;
}

function minuteDocumentId(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 40);
}

type CompositeKey = { tenant: string; project: string; layer: string; source: string; entity: string; minute: number };
type CompositeBucket = Record<string, unknown> & { key: CompositeKey };

/**
 * Seals per-batch rollups into one document per (tenant, project, layer, source, entity, minute)
 * in `<prefix>-rollups1m-*`, then moves the watermark. Sealed documents are recomputed from every
 * batch document of their minute and written with `index` under a deterministic id, so a run that
 * is repeated or overlaps another writes the same documents. Batch documents that arrive for a
 * minute already sealed are found by `ingested_ms` on the next run and their minutes re-sealed.
 */
export class RollupSealer {
  constructor(
    private readonly client: Client,
    private readonly prefix: string,
    private readonly state: SealState,
  ) {}

  /** Seals every minute before `throughMs` (rounded down to a minute). */
  async sealThrough(throughMs: number, nowMs: number = Date.now()): Promise<SealOutcome> {
    const target = Math.floor(throughMs / MINUTE_MS) * MINUTE_MS;
    const { sealedThroughMs: previous, lastRunStartedMs } = await this.state.read();
    let documentsWritten = 0;
    let lateMinutes: number[] = [];
    if (previous > 0 && lastRunStartedMs > 0) {
      lateMinutes = await this.lateMinutes(previous, lastRunStartedMs - LATE_MARGIN_MS);
      for (let i = 0; i < lateMinutes.length; i += CHUNK_MINUTES) {
        const chunk = lateMinutes.slice(i, i + CHUNK_MINUTES);
        const written = await this.sealMinutes(chunk[0]!, chunk[chunk.length - 1]! + MINUTE_MS, chunk);
        documentsWritten += written;
      }
    }
    const from = previous > 0 ? previous : await this.oldestBatchMinute(target);
    const chunks: [number, number][] = [];
    for (let t = from; t < target; t += CHUNK_MINUTES * MINUTE_MS) chunks.push([t, Math.min(target, t + CHUNK_MINUTES * MINUTE_MS)]);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CHUNK_CONCURRENCY, chunks.length) }, async () => {
        while (next < chunks.length) {
          const [chunkFrom, chunkTo] = chunks[next++]!;
          const written = await this.sealMinutes(chunkFrom, chunkTo, null);
          documentsWritten += written;
        }
      }),
    );
    if (documentsWritten > 0) await this.client.indices.refresh({ index: `${this.prefix}-rollups1m-*`, ignore_unavailable: true, allow_no_indices: true });
    // Readers switch to sealed documents once the watermark moves: they were made visible (refresh) above.
    const sealedThroughMs = Math.max(previous, target);
    await this.state.write({ sealedThroughMs, lastRunStartedMs: nowMs });
    return { sealedThroughMs, minutesSealed: Math.max(0, (target - Math.max(previous, from)) / MINUTE_MS), lateMinutesResealed: lateMinutes.length, documentsWritten };
  }

  /** The first run starts at the oldest batch document (or `fallbackMs` when there is none). */
  private async oldestBatchMinute(fallbackMs: number): Promise<number> {
    const response = await this.client.search({
      index: `${this.prefix}-rollups-*`,
      ignore_unavailable: true,
      allow_no_indices: true,
      size: 0,
      track_total_hits: false,
      aggs: { oldest: { min: { field: '@timestamp' } } },
    });
    const oldest = (response.aggregations?.['oldest'] as { value?: number | null } | undefined)?.value;
    return typeof oldest === 'number' ? Math.min(fallbackMs, Math.floor(oldest / MINUTE_MS) * MINUTE_MS) : fallbackMs;
  }

  /** Minutes before `sealedThroughMs` that got batch documents written at or after `sinceMs`. */
  private async lateMinutes(sealedThroughMs: number, sinceMs: number): Promise<number[]> {
    const response = await this.client.search({
      index: `${this.prefix}-rollups-*`,
      ignore_unavailable: true,
      allow_no_indices: true,
      size: 0,
      track_total_hits: false,
      query: { bool: { filter: [{ range: { ingested_ms: { gte: sinceMs } } }, { range: { '@timestamp': { lt: sealedThroughMs } } }] } },
      aggs: { minutes: { terms: { field: '@timestamp', size: MAX_LATE_MINUTES, order: { _key: 'asc' } } } },
    });
    const buckets = ((response.aggregations?.['minutes'] as { buckets?: { key: number }[] } | undefined)?.buckets ?? []);
    return buckets.map((b) => Number(b.key));
  }

  /** Sums the batch documents of [fromMs, toMs) (only `onlyMinutes` when given) into sealed documents. Returns how many were written. */
  private async sealMinutes(fromMs: number, toMs: number, onlyMinutes: readonly number[] | null): Promise<number> {
    const filter: estypes.QueryDslQueryContainer[] = [{ term: { tier: 'batch' } }, { range: { '@timestamp': { gte: fromMs, lt: toMs } } }];
    if (onlyMinutes) filter.push({ terms: { '@timestamp': [...onlyMinutes] } });
    const index = rollupIndicesBetween(this.prefix, 'rollups', fromMs, toMs - 1);
    const spanSums = totalsAggregations({ withLatency: true, withStatus: true, withInfra: false, statusCodes: 100 });
    const infraSums = totalsAggregations({ withLatency: false, withStatus: false, withInfra: true });
    let written = 0;
    let after: Record<string, string | number> | undefined;
    for (;;) {
      const response = await this.client.search({
        index,
        ignore_unavailable: true,
        allow_no_indices: true,
        size: 0,
        track_total_hits: false,
        query: { bool: { filter } },
        aggs: {
          minutes: {
            composite: {
              size: PAGE_SIZE,
              sources: [
                { tenant: { terms: { field: 'tenant_id' } } },
                { project: { terms: { field: 'project_id' } } },
                { layer: { terms: { field: 'layer' } } },
                { source: { terms: { field: 'source' } } },
                { entity: { terms: { field: 'entity' } } },
                { minute: { terms: { field: '@timestamp' } } },
              ],
              ...(after ? { after } : {}),
            },
            aggs: { ...spanSums, ...infraSums },
          },
        },
      });
      const composite = response.aggregations?.['minutes'] as { buckets: CompositeBucket[]; after_key?: Record<string, string | number> } | undefined;
      const buckets = composite?.buckets ?? [];
      if (buckets.length === 0) break;
      const operations: object[] = [];
      for (const bucket of buckets) {
        const k = bucket.key;
        const layer = k.layer as Layer;
        const minute = Number(k.minute);
        const totals = readTotals(bucket);
        const record: RollupRecord = { ...totals, layer, source: k.source as RollupSource, dims: entityDimsFromKey(layer, k.entity), minuteEpochMs: minute };
        const scope = { tenantId: k.tenant, projectId: k.project };
        const doc = { ...toRollupDocument(scope, '', record, Date.now()), tier: 'minute' };
        operations.push({ index: { _index: rollupIndexFor(this.prefix, 'rollups1m', minute), _id: minuteDocumentId([k.tenant, k.project, k.layer, k.source, k.entity, String(minute)]) } }, doc);
      }
      const bulk = await this.client.bulk({ operations, refresh: false });
      if (bulk.errors) {
        const failed = bulk.items.find((item) => item.index?.error)?.index;
        throw new Error(`sealing rollups failed: ${failed?.status ?? ''} ${failed?.error?.type ?? ''}: ${failed?.error?.reason ?? ''}`);
      }
      written += buckets.length;
      if (!composite?.after_key || buckets.length < PAGE_SIZE) break;
      after = composite.after_key;
    }
    return written;
  }
}
