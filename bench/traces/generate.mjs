// Writes the bench:traces data set into an index prefix unless it is already there.
// Usage (alone): node bench/traces/generate.mjs   — or through `npm run bench:traces`.
import { performance } from 'node:perf_hooks';
import { DATA_FROM_MS, DATA_TO_MS, SCOPE, TARGET_SPANS, BIG_TRACE_IDS, BIG_TRACE_START_MS, bigTrace, ordinaryTrace, rng } from './dataset.mjs';

const SPANS_PER_BULK = 5_000;
const PARALLEL_BULKS = 3;

/** Index settings over the bench prefix, through the REST API (the storage package has no bulk-load mode). */
async function indexSettings(esUrl, prefix, settings) {
  const response = await fetch(`${esUrl}/${prefix}-spans-*,${prefix}-traces-*/_settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
  if (!response.ok) throw new Error(`index settings: ${response.status} ${await response.text()}`);
}

/**
 * Makes sure `storage` holds the data set; returns how long generation took (0 when it was there).
 * Traces start evenly over the three days; span and summary writes go through the storage package.
 */
export async function ensureDataset(storage, esUrl, prefix, log = console.log) {
  await storage.ensureTemplates();
  await storage.refreshSpans();
  const existing = await storage.spans.countSpans(SCOPE, DATA_FROM_MS - 86_400_000, DATA_TO_MS + 86_400_000);
  if (existing >= TARGET_SPANS) {
    log(`data set present: ${existing.toLocaleString('en-US')} spans`);
    return { seconds: 0, spans: existing, generated: false };
  }
  if (existing > 0) log(`data set incomplete (${existing.toLocaleString('en-US')} spans): writing the rest (creates are idempotent)`);
  const started = performance.now();
  let written = 0;
  // Bulk-load settings (as any bulk import does): no refresh and async translog while loading,
  // restored at the end. The first trace of each day creates that day's indices first.
  for (let day = 0; day < 3 && existing === 0; day++) {
    const spans = ordinaryTrace(9_000_000_000 + day, DATA_FROM_MS + day * 86_400_000 + 1_000, rng(day));
    await storage.spans.bulkCreate(SCOPE, spans);
    await storage.traceSummaries.mergeSpans(SCOPE, spans);
  }
  await indexSettings(esUrl, prefix, { 'index.refresh_interval': '-1', 'index.translog.durability': 'async' });

  const write = async (spans) => {
    const outcome = await storage.spans.bulkCreate(SCOPE, spans);
    if (outcome.retryable > 0 || outcome.rejected > 0) throw new Error(`bulk: ${JSON.stringify(outcome)}`);
    await storage.traceSummaries.mergeSpans(SCOPE, spans);
    written += spans.length;
  };
  const averageSpans = 18.4;
  const traceCount = Math.ceil((TARGET_SPANS - 51_000) / averageSpans);
  const spacingMs = (DATA_TO_MS - DATA_FROM_MS - 60_000) / traceCount;
  let traceNo = 1;
  if (existing === 0) {
    await write(bigTrace(BIG_TRACE_IDS.thousand, 1_000, BIG_TRACE_START_MS));
    const fifty = bigTrace(BIG_TRACE_IDS.fiftyThousand, 50_000, BIG_TRACE_START_MS + 60_000);
    for (let i = 0; i < fifty.length; i += 10_000) await storage.spans.bulkCreate(SCOPE, fifty.slice(i, i + 10_000));
    await storage.traceSummaries.mergeSpans(SCOPE, fifty);
    written += fifty.length;
  } else {
    // Resume: traces are written in number order (three bulks in flight), and each trace has its
    // own seed, so starting a little before where the count says gives the same data set; the
    // overlap comes back as duplicates.
    const margin = 3 * SPANS_PER_BULK;
    written = Math.max(0, existing - margin);
    traceNo = Math.max(1, Math.floor((existing - 51_000 - margin) / averageSpans));
  }
  let lastLog = performance.now();
  const nextBatch = () => {
    const batch = [];
    while (batch.length < SPANS_PER_BULK && written + batch.length < TARGET_SPANS + SPANS_PER_BULK && traceNo <= traceCount * 1.2) {
      batch.push(...ordinaryTrace(traceNo, Math.floor(DATA_FROM_MS + (traceNo - 1) * spacingMs * 0.98), rng(traceNo)));
      traceNo++;
    }
    return batch;
  };
  const workers = Array.from({ length: PARALLEL_BULKS }, async () => {
    for (;;) {
      if (written >= TARGET_SPANS) return;
      const batch = nextBatch();
      if (batch.length === 0) return;
      await write(batch);
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        const rate = written / ((performance.now() - started) / 1000);
        log(`  ${written.toLocaleString('en-US')} spans (${Math.round(rate).toLocaleString('en-US')}/s, ${Math.round((TARGET_SPANS - written) / rate)} s to go)`);
      }
    }
  });
  await Promise.all(workers);
  await indexSettings(esUrl, prefix, { 'index.refresh_interval': '1s', 'index.translog.durability': 'request' });
  await storage.refreshSpans();
  const seconds = (performance.now() - started) / 1000;
  log(`generated ${written.toLocaleString('en-US')} spans in ${seconds.toFixed(0)} s (${Math.round(written / seconds).toLocaleString('en-US')} spans/s)`);
  return { seconds, spans: written, generated: true };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { Storage, storageConfigFromEnv } = await import('@linkscope/storage');
  const { benchPrefix } = await import('./prefix.mjs');
  const esUrl = process.env.ES_URL ?? 'http://127.0.0.1:9200';
  const storage = new Storage(storageConfigFromEnv({ ES_URL: esUrl, ES_INDEX_PREFIX: benchPrefix() }));
  await ensureDataset(storage, esUrl, benchPrefix());
  await storage.close();
}
