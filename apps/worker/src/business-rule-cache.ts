import type { BusinessRule, TenantScope } from '@linkscope/domain';
import type { BusinessRuleSource } from './ingest-batch.processor';

/** How long a project's rules are reused before reading them again: a rule change applies within this long. */
export const RULE_CACHE_MS = 15_000;
/** Projects whose rules are kept at most; the least recently used go first. */
export const RULE_CACHE_PROJECTS = 10_000;

/**
 * Business rules per project, read through `load` at most once per RULE_CACHE_MS per project
 * (concurrent batches of one project share one read). When a read fails the last rules known are
 * kept; with none known, the failure goes to the batch, which is retried.
 */
export class BusinessRuleCache implements BusinessRuleSource {
  private readonly entries = new Map<string, { rules: readonly BusinessRule[]; readAtMs: number; pending: Promise<readonly BusinessRule[]> | null }>();

  constructor(
    private readonly load: (scope: TenantScope) => Promise<readonly BusinessRule[]>,
    private readonly now: () => number = Date.now,
  ) {}

  async rulesFor(scope: TenantScope): Promise<readonly BusinessRule[]> {
    const key = `${scope.tenantId}\u0000${scope.projectId}`;
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.readAtMs < RULE_CACHE_MS) return entry.rules;
    if (entry?.pending) return entry.pending;
    const pending = this.load(scope).then(
      (rules) => {
        this.entries.delete(key);
        this.entries.set(key, { rules, readAtMs: this.now(), pending: null });
        if (this.entries.size > RULE_CACHE_PROJECTS) this.entries.delete(this.entries.keys().next().value!);
        return rules;
      },
      (error: unknown) => {
        if (entry) {
          entry.pending = null;
          return entry.rules;
        }
        this.entries.delete(key);
        throw error;
      },
    );
    if (entry) entry.pending = pending;
    else this.entries.set(key, { rules: [], readAtMs: Number.NEGATIVE_INFINITY, pending });
    return pending;
  }
}
