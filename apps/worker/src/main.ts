import { setTimeout as sleep } from 'node:timers/promises';
import { rollupDataSource } from '@linkscope/alerting';
import { IngestConsumer, itemCount } from '@linkscope/queue';
import { Storage } from '@linkscope/storage';
import { loadConfig } from './config';
import { log } from './log';
import { startAlerting } from './alerting/alerting.runtime';
import { processIngestBatch } from './ingest-batch.processor';
import { startMaintenance } from './maintenance';
import { BusinessRuleCache } from './business-rule-cache';

/** Templates must exist before the first span is indexed, or indices would get dynamic mappings. */
async function installTemplates(storage: Storage): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await storage.ensureTemplates();
      return;
    } catch (error) {
      if (attempt === 1 || attempt % 10 === 0) log('warn', 'waiting for Elasticsearch to install templates', { attempt, error: (error as Error).message });
      await sleep(Math.min(5000, 250 * attempt));
    }
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const storage = new Storage(config.storage);
  await installTemplates(storage);
  const rules = new BusinessRuleCache((scope) => storage.businessRules.list(scope));
  const consumer = new IngestConsumer((job) => processIngestBatch(storage, job, rules), {
    redisUrl: config.redisUrl,
    concurrency: config.concurrency,
    lockDurationMs: config.lockDurationMs,
    onOutcome: (job, outcome, attemptsMade) => {
      if (outcome.status === 'ok') return;
      log(outcome.status === 'rejected' ? 'error' : 'warn', `batch ${outcome.status}`, {
        batchId: job.batchId,
        tenantId: job.scope.tenantId,
        signal: job.signal,
        items: itemCount(job),
        attemptsMade,
        reason: outcome.reason,
      });
    },
  });
  const alerting = config.alerting.enabled ? startAlerting(config.redisUrl, config.lockDurationMs, config.alerting, storage, rollupDataSource(storage)) : null;
  log('info', 'worker consuming span batches', { concurrency: config.concurrency });
  const maintenance = startMaintenance(config.redisUrl, storage, config.maintenance);

  const shutdown = async (signal: string): Promise<void> => {
    log('info', 'worker shutting down', { signal });
    await consumer.close();
    await alerting?.close();
    await maintenance.close();
    await storage.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  log('error', 'worker failed to start', { error: (error as Error).message });
  process.exit(1);
});
