import { createHash } from 'node:crypto';
import type { TenantScope } from '@linkscope/domain';

function digest(parts: readonly string[], length: number): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex').slice(0, length);
}

/** One rule × one entity in one project: stable for the life of the rule, so one incident is one alert. */
export function alertFingerprint(scope: TenantScope, ruleId: string, entity: string): string {
  return digest([scope.tenantId, scope.projectId, ruleId, entity], 16);
}

/**
 * One incident of an alert: the fingerprint plus the incident's ordinal (1 for the first time it
 * fired, 2 for the next...). The ordinal comes from the stored state, not the clock, so a round
 * that is evaluated again from the same stored state (a worker killed before it stored the new
 * state, or a read that did not see it yet) derives the same incident and the same notification
 * ids, and the second attempt to store them is a no-op instead of a second message.
 */
export function incidentId(fingerprint: string, incidentSeq: number): string {
  return `${fingerprint}-${incidentSeq.toString(36)}`;
}

/**
 * The id of one notification: the same channel, kind and set of incidents always give the same id,
 * so a retried or re-evaluated send is one BullMQ job and one message. No `:` (BullMQ forbids it in ids).
 */
export function notificationId(scope: TenantScope, channelId: string, kind: string, incidentIds: readonly string[]): string {
  return `n-${digest([scope.tenantId, scope.projectId, channelId, kind, ...[...incidentIds].sort()], 32)}`;
}
