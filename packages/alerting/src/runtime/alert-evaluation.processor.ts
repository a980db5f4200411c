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
 * notifications (deterministic ids) are stored first, then incidents, then the states; the
 * queue gets every still-queued notification, and re-adding one already there is a no-op.
 * A crash before the states are stored makes the next round re-derive the same transition.
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
  await repo.putIncidents<IncidentRecord>(
    scope,
    result.incidents.map((i) => ({ incidentId: i.incidentId, fingerprint: i.fingerprint, ruleId: i.ruleId, state: i.state, startsAtMs: i.notice.startsAtMs, body: i })),
  );
  await repo.putStates(
    scope,
    result.states.map((s) => ({ fingerprint: s.fingerprint, ruleId: s.ruleId, phase: s.phase, body: s, expected: versions.get(s.fingerprint) ?? null })),
  );

  const queued = await repo.listQueuedNotifications<NotificationBody>(scope, nowMs - REENQUEUE_WINDOW_MS);
  const jobs = new Map<string, NotifyJob>();
  for (const n of [...result.notifications.map((g) => ({ id: g.notificationId, channelId: g.channelId })), ...queued.map((q) => ({ id: q.body.notificationId, channelId: q.body.channelId }))]) {
    const type = channelTypes.get(n.channelId);
    if (!type) continue;
    jobs.set(n.id, { scope, notificationId: n.id, channelId: n.channelId, perMinute: CHANNEL_MESSAGES_PER_MINUTE[type], enqueuedAtMs: nowMs });
  }
  await deps.enqueue([...jobs.values()]);
  return { notifications: result.notifications.length, transitions: result.incidents.length };
}
