import { type AlertDataSource, deliverNotification, evaluateAlerts, type HttpTransport, type NotificationBody, SecretBox } from '@linkscope/alerting';
import { AlertEvalConsumer, AlertEvalScheduler, NotifyConsumer, NotifyProducer } from '@linkscope/queue';
import type { Storage } from '@linkscope/storage';
import type { AlertingConfig } from '../config';
import { log } from '../log';

/** How often the set of evaluated projects (those with enabled rules) is refreshed. */
const SCHEDULE_SYNC_MS = 5000;

export interface AlertingRuntime {
  close(): Promise<void>;
}

/**
 * Starts alerting in this worker: keeps one evaluation job scheduler per project with enabled
 * rules (every `evalEveryMs`), evaluates on each tick, and delivers notifications.
 */
export function startAlerting(redisUrl: string, lockDurationMs: number, config: AlertingConfig, storage: Storage, data: AlertDataSource, transport?: HttpTransport): AlertingRuntime {
  const secrets = config.secretsKey ? new SecretBox(config.secretsKey) : null;
  const producer = new NotifyProducer(redisUrl);
  const scheduler = new AlertEvalScheduler(redisUrl);
  const evaluator = new AlertEvalConsumer(
    async (scope, nowMs) => {
      const result = await evaluateAlerts({ storage, data, enqueue: (jobs) => producer.enqueue(jobs), externalUrl: config.publicUrl }, scope, nowMs);
      if (result.transitions > 0) log('info', 'alert transitions', { tenantId: scope.tenantId, projectId: scope.projectId, ...result });
    },
    { redisUrl, onError: (scope, error) => log('warn', 'alert evaluation failed', { tenantId: scope.tenantId, projectId: scope.projectId, error: error.message }) },
  );
  const notifier = new NotifyConsumer((job, attempt) => deliverNotification({ storage, secrets, ...(transport ? { transport } : {}) }, job, attempt), {
    redisUrl,
    lockDurationMs,
    onOutcome: (job, outcome, attempt) => {
      if (outcome.status === 'sent' || outcome.status === 'skipped') log('info', `notification ${outcome.status}`, { notificationId: job.notificationId, channelId: job.channelId, attempt });
      else log('warn', `notification ${outcome.status}`, { notificationId: job.notificationId, channelId: job.channelId, attempt, reason: outcome.reason });
    },
    onGiveUp: async (job, reason) => {
      await storage.alerts.setNotificationStatus<NotificationBody>(job.scope, job.notificationId, 'failed', (body) => ({ ...body, detail: `gave up: ${reason}` })).catch(() => undefined);
    },
  });

  let stopped = false;
  const sync = async (): Promise<void> => {
    try {
      await scheduler.sync(await storage.alerts.projectsWithEnabledRules(), config.evalEveryMs);
    } catch (error) {
      log('warn', 'alert scheduling failed', { error: (error as Error).message });
    }
  };
  void sync();
  const timer = setInterval(() => void (stopped || sync()), SCHEDULE_SYNC_MS);
  log('info', 'alerting started', { evalEveryMs: config.evalEveryMs, secretsKey: secrets ? 'set' : 'missing' });

  return {
    async close() {
      stopped = true;
      clearInterval(timer);
      await Promise.all([evaluator.close(), notifier.close()]);
      await Promise.all([producer.close(), scheduler.close()]);
    },
  };
}
