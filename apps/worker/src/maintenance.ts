import { MaintenanceRunner, type MaintenanceTask } from '@linkscope/queue';
import type { Storage } from '@linkscope/storage';
import type { MaintenanceConfig } from './config';
import { log } from './log';

/** One upkeep tick: seal rollups up to `now − lag`, or delete expired daily indices. */
export async function runMaintenanceTask(storage: Pick<Storage, 'sealRollups' | 'deleteExpiredIndices'>, config: MaintenanceConfig, task: MaintenanceTask, nowMs: number = Date.now()): Promise<unknown> {
  if (task === 'seal-rollups') return storage.sealRollups(nowMs - config.sealLagMs, nowMs);
  const outcome = await storage.deleteExpiredIndices(config.retentionDays, nowMs);
  if (outcome.deleted.length > 0) log('info', 'retention deleted expired indices', { indices: outcome.deleted, retentionDays: config.retentionDays });
  return outcome;
}

/**
 * Starts the upkeep schedulers (each tick runs on one worker only). Redis being away at boot
 * does not stop the worker: installing the schedulers is retried in the background.
 */
export function startMaintenance(redisUrl: string, storage: Storage, config: MaintenanceConfig): { close(): Promise<void> } {
  let runner: MaintenanceRunner | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async (n: number): Promise<void> => {
    try {
      const started = await MaintenanceRunner.start((task) => runMaintenanceTask(storage, config, task), {
        redisUrl,
        sealEveryMs: config.sealEveryMs,
        retentionEveryMs: config.retentionEveryMs,
        onError: (task, error) => log('warn', 'storage upkeep failed; retried at the next tick', { task, error: error.message }),
      });
      if (stopped) await started.close();
      else runner = started;
    } catch (error) {
      if (n === 1 || n % 10 === 0) log('warn', 'could not install the storage upkeep schedulers yet', { attempt: n, error: (error as Error).message });
      if (!stopped) timer = setTimeout(() => void attempt(n + 1), Math.min(30_000, 1000 * n));
    }
  };
  void attempt(1);
  return {
    async close() {
      stopped = true;
      clearTimeout(timer);
      await runner?.close();
    },
  };
}
