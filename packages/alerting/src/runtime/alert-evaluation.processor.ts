import { CHANNEL_MESSAGES_PER_MINUTE } from '../channels/channel-sender';
import type { StoredChannel } from '../channels/channel-record';
import type { AlertDataSource } from '../evaluation/data-source';
import { evaluateProject, type IncidentRecord } from '../evaluation/evaluate-project';
import type { NotificationBody } from '../notification-record';
import type { AlertStateRecord } from '../rules/state-machine';
import type { AlertRule, Silence, TenantScope } from '@linkscope/domain';
import type { NotifyJob } from '@linkscope/queue';
import type { Storage } from '@linkscope/storage';

export interface EvaluationDeps {
  readonly storage: Storage;
  readonly data: AlertDataSource;
  readonly enqueue: (jobs: readonly NotifyJob[]) => Promise<void>;
  readonly externalUrl: string;
}

/** Queued notifications younger than this are re-enqueued each round until delivered or failed. */
const REENQUEUE_WINDOW_MS = 3_600_000;

/**
 * One evaluation round of one project. Order matters for "no duplicate, nothing lost": the
 * notifications (deterministic ids) are stored first and queued at once, then incidents, then the
 * states; the queue then gets every still-queued notification, and re-adding one already there is
 * a no-op. A crash (or a read that missed the last stored states) before the states are stored
 * makes the next round re-derive the same transition from the same stored state: the same
 * incident ordinal, so the same ids, and storing them again creates nothing.
 */
export async function evaluateAlerts(deps: EvaluationDeps, scope: TenantScope, nowMs: number): Promise<{ notifications: number; transitions: number }> {
  const repo = deps.storage.alerts;
  const [rules, stateDocs, silences, channels] = await Promise.all([
    repo.listConfig<AlertRule>(scope, 'rule', { enabledOnly: true }),
    repo.listStates<AlertStateRecord>(scope),
    repo.listConfig<Silence>(scope, 'silence'),
    repo.listConfig<StoredChannel>(scope, 'channel'),
  ]);
  const channelTypes = new Map(channels.map((c) => [c.body.id, c.body.type]));
  const states = new Map(stateDocs.map((d) => [d.body.fingerprint, d.body]));
  const versions = new Map(stateDocs.map((d) => [d.body.fingerprint, d.version]));
  const result = await evaluateProject(
    {
      scope,
      nowMs,
      rules: rules.map((r) => r.body),
      states,
      silences: silences.map((s) => s.body).filter((s) => s.endsAtMs > nowMs),
      channelIds: new Set(channelTypes.keys()),
      externalUrl: deps.externalUrl,
    },
    deps.data,
  );

  await repo.createNotifications<NotificationBody>(
    scope,
    result.notifications.map((n) => ({
      notificationId: n.notificationId,
      channelId: n.channelId,
      incidentIds: n.incidentIds,
      body: {
        notificationId: n.notificationId,
        channelId: n.channelId,
        channelType: channelTypes.get(n.channelId) ?? null,
        kind: n.message.kind,
        message: n.message,
        incidentIds: n.incidentIds,
        attempts: 0,
        detail: 'queued',
        createdAtMs: nowMs,
        sentAtMs: null,
      },
    })),
    nowMs,
  );
  const jobFor = (id: string, channelId: string): NotifyJob | null => {
    const type = channelTypes.get(channelId);
    return type ? { scope, notificationId: id, channelId, perMinute: CHANNEL_MESSAGES_PER_MINUTE[type], enqueuedAtMs: nowMs } : null;
  };
  // New messages go out before the bookkeeping below: delivery reads them by id (real-time).
  const fresh = result.notifications.map((n) => jobFor(n.notificationId, n.channelId)).filter((j): j is NotifyJob => j !== null);
  if (fresh.length > 0) await deps.enqueue(fresh);

  await repo.putIncidents<IncidentRecord>(
    scope,
    result.incidents.map((i) => ({ incidentId: i.incidentId, fingerprint: i.fingerprint, ruleId: i.ruleId, state: i.state, startsAtMs: i.notice.startsAtMs, body: i })),
  );
  await repo.putStates(
    scope,
    result.states.map((s) => ({ fingerprint: s.fingerprint, ruleId: s.ruleId, phase: s.phase, body: s, expected: versions.get(s.fingerprint) ?? null })),
  );

  // Anything still queued (a worker died between storing and sending) is queued again; a job id already there is a no-op.
  const queued = await repo.listQueuedNotifications<NotificationBody>(scope, nowMs - REENQUEUE_WINDOW_MS);
  const freshIds = new Set(fresh.map((j) => j.notificationId));
  const again = queued.filter((q) => !freshIds.has(q.body.notificationId)).map((q) => jobFor(q.body.notificationId, q.body.channelId)).filter((j): j is NotifyJob => j !== null);
  if (again.length > 0) await deps.enqueue(again);
  return { notifications: result.notifications.length, transitions: result.incidents.length };
}
