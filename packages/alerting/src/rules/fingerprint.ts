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

/** One incident of an alert: the fingerprint plus when it started firing. */
export function incidentId(fingerprint: string, firingSinceMs: number): string {
  return `${fingerprint}-${firingSinceMs.toString(36)}`;
}

/**
 * The id of one notification: the same channel, kind and set of incidents always give the same id,
 * so a retried or re-evaluated send is one BullMQ job and one message. No `:` (BullMQ forbids it in ids).
 */
export function notificationId(scope: TenantScope, channelId: string, kind: string, incidentIds: readonly string[]): string {
  return `n-${digest([scope.tenantId, scope.projectId, channelId, kind, ...[...incidentIds].sort()], 32)}`;
}
