import type { BusinessRule, TenantScope } from '@linkscope/domain';
import { buildAccessLogRollups, buildInfraRollups, buildSpanRollups } from '@linkscope/layers';
import type { BatchOutcome, IngestJob } from '@linkscope/queue';
import type { BulkWriteOutcome, PreparedSummaryMerge, Storage } from '@linkscope/storage';

/** Where the worker gets a project's business rules (cached; see business-rule-cache.ts). */
export interface BusinessRuleSource {
  rulesFor(scope: TenantScope): Promise<readonly BusinessRule[]>;
}

export const NO_BUSINESS_RULES: BusinessRuleSource = { rulesFor: async () => [] };

type IngestStorage = Pick<Storage, 'spans' | 'metrics' | 'logs' | 'accessLogs' | 'rollups' | 'traceSummaries'>;

const NOTHING: BulkWriteOutcome = { stored: 0, duplicates: 0, retryable: 0, rejected: 0, rejectReasons: [] };

function merge(a: BulkWriteOutcome, b: BulkWriteOutcome): BulkWriteOutcome {
  return {
    stored: a.stored + b.stored,
    duplicates: a.duplicates + b.duplicates,
    retryable: a.retryable + b.retryable,
    rejected: a.rejected + b.rejected,
    rejectReasons: [...a.rejectReasons, ...b.rejectReasons].slice(0, 5),
  };
}

async function write(storage: IngestStorage, rules: BusinessRuleSource, job: IngestJob): Promise<{ items: BulkWriteOutcome; rollups: BulkWriteOutcome }> {
  switch (job.signal) {
    case 'spans': {
      const { rollups, spanEntities } = buildSpanRollups(job.spans, await rules.rulesFor(job.scope));
      const [items, written] = await Promise.all([
        storage.spans.bulkCreate(job.scope, job.spans, spanEntities),
        storage.rollups.bulkCreate(job.scope, job.batchId, rollups),
      ]);
      return { items, rollups: written };
    }
    case 'metrics': {
      const rollups = buildInfraRollups(job.points);
      const [items, written] = await Promise.all([storage.metrics.bulkCreate(job.scope, job.points), storage.rollups.bulkCreate(job.scope, job.batchId, rollups)]);
      return { items, rollups: written };
    }
    case 'logs':
      return { items: await storage.logs.bulkCreate(job.scope, job.records), rollups: NOTHING };
    case 'accesslogs': {
      // The same requests as the trace-derived URI rollups, kept apart by source "log"; ids from the agent's batch id.
      const [items, written] = await Promise.all([
        storage.accessLogs.bulkCreate(job.scope, job.batch),
        storage.rollups.bulkCreate(job.scope, job.batch.batchId, buildAccessLogRollups(job.batch)),
      ]);
      return { items, rollups: written };
    }
  }
}

/**
 * Indexes one batch and its layer rollups. Creates with deterministic ids make it safe to run
 * twice: spans and rollups already stored come back as duplicates, so a retried batch counts
 * nothing twice. Any item Elasticsearch could not take for a transient reason makes the whole
 * batch retryable; items it refuses as invalid are counted, not retried.
 */
export async function processIngestBatch(storage: IngestStorage, job: IngestJob, rules: BusinessRuleSource = NO_BUSINESS_RULES): Promise<BatchOutcome> {
  // The stored trace summaries are read while the spans are written (one round trip less per
  // batch, more writes in flight); the summaries are written only once the spans are safe.
  const summaries: PreparedSummaryMerge | null = job.signal === 'spans' ? storage.traceSummaries.prepareMerge(job.scope, job.spans) : null;
  let items: BulkWriteOutcome;
  let rollups: BulkWriteOutcome;
  try {
    ({ items, rollups } = await write(storage, rules, job));
  } catch (error) {
    return { status: 'retryable', reason: `elasticsearch unavailable: ${(error as Error).message}` };
  }
  const result = merge(items, rollups);
  if (result.retryable > 0) return { status: 'retryable', reason: `${result.retryable} ${job.signal} item(s) or rollups not indexed yet` };
  if (items.rejected > 0 && items.stored + items.duplicates === 0) {
    return { status: 'rejected', reason: `every item was refused: ${items.rejectReasons.join('; ')}` };
  }
  if (summaries) {
    // Per-trace summaries for trace search (ADR 0009): written after the spans are safe, and
    // idempotent, so a batch retried because this step failed only rewrites the same facts.
    try {
      await summaries.write();
    } catch (error) {
      return { status: 'retryable', reason: `trace summaries not merged: ${(error as Error).message}` };
    }
  }
  return { status: 'ok', stored: items.stored, duplicates: items.duplicates };
}
