import { type Client, errors, type estypes } from '@elastic/elasticsearch';
import { type BusinessRule, type BusinessRuleInput, MAX_BUSINESS_RULES, type TenantScope } from '@linkscope/domain';
import { randomBytes } from 'node:crypto';

/** A project already has MAX_BUSINESS_RULES rules. */
export class BusinessRuleLimitError extends Error {
  readonly code = 'LIMIT_EXCEEDED';
}

interface StoredRule {
  tenant_id: string;
  project_id: string;
  rule_id: string;
  created_ms: number;
  updated_ms: number;
  body: BusinessRuleInput;
}

export function businessRuleIndexName(prefix: string): string {
  return `${prefix}-config-business-rules`;
}

/** One small index for every tenant's business rules; bodies are stored, not indexed. */
export function businessRuleIndexTemplate(prefix: string, replicas: number): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: `${prefix}-config-business-rules`,
    index_patterns: [businessRuleIndexName(prefix)],
    priority: 200,
    template: {
      settings: { number_of_shards: 1, number_of_replicas: replicas, refresh_interval: '1s' },
      mappings: {
        dynamic: false,
        properties: {
          tenant_id: { type: 'keyword' },
          project_id: { type: 'keyword' },
          rule_id: { type: 'keyword' },
          created_ms: { type: 'date', format: 'epoch_millis' },
          updated_ms: { type: 'date', format: 'epoch_millis' },
          body: { type: 'object', enabled: false },
        },
      },
    },
  };
}

const docId = (scope: TenantScope, id: string) => `${scope.tenantId}:${scope.projectId}:${id}`;
const isStatus = (error: unknown, status: number) => error instanceof errors.ResponseError && error.statusCode === status;

/** Rule ids sort by creation time, which is the order rules are applied in. */
function newRuleId(nowMs: number): string {
  return `br-${nowMs.toString(36).padStart(9, '0')}${randomBytes(4).toString('hex')}`;
}

/**
 * Business rules per project (tenant-scoped; reads by id check the scope too). Writes refresh
 * before answering, so a rule is listed, and picked up by the workers' caches, right away.
 */
export class BusinessRuleRepository {
  constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {}

  private get index(): string {
    return businessRuleIndexName(this.prefix);
  }

  /** The project's rules in the order they are applied (oldest first). */
  async list(scope: TenantScope): Promise<BusinessRule[]> {
    const response = await this.client.search<StoredRule>({
      index: this.index,
      ignore_unavailable: true,
      allow_no_indices: true,
      size: MAX_BUSINESS_RULES,
      query: { bool: { filter: [{ term: { tenant_id: scope.tenantId } }, { term: { project_id: scope.projectId } }] } },
      sort: [{ rule_id: 'asc' }],
    });
    return response.hits.hits.flatMap((hit) => (hit._source ? [{ id: hit._source.rule_id, ...hit._source.body }] : []));
  }

  async get(scope: TenantScope, id: string): Promise<BusinessRule | null> {
    try {
      const doc = await this.client.get<StoredRule>({ index: this.index, id: docId(scope, id) });
      const source = doc._source;
      if (!doc.found || !source || source.tenant_id !== scope.tenantId || source.project_id !== scope.projectId) return null;
      return { id: source.rule_id, ...source.body };
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  /** Adds a rule after the project's others. Throws BusinessRuleLimitError at MAX_BUSINESS_RULES. */
  async create(scope: TenantScope, input: BusinessRuleInput, nowMs: number = Date.now()): Promise<BusinessRule> {
    if ((await this.list(scope)).length >= MAX_BUSINESS_RULES) throw new BusinessRuleLimitError(`a project has at most ${MAX_BUSINESS_RULES} business rules`);
    const id = newRuleId(nowMs);
    const doc: StoredRule = { tenant_id: scope.tenantId, project_id: scope.projectId, rule_id: id, created_ms: nowMs, updated_ms: nowMs, body: input };
    await this.client.create({ index: this.index, id: docId(scope, id), document: doc, refresh: 'wait_for' });
    return { id, ...input };
  }

  /** Replaces a rule's body; null when the project has no such rule. Its place in the order stays. */
  async replace(scope: TenantScope, id: string, input: BusinessRuleInput, nowMs: number = Date.now()): Promise<BusinessRule | null> {
    const current = await this.client.get<StoredRule>({ index: this.index, id: docId(scope, id) }, { ignore: [404] });
    const source = current._source;
    if (!current.found || !source || source.tenant_id !== scope.tenantId || source.project_id !== scope.projectId) return null;
    try {
      await this.client.index({
        index: this.index,
        id: docId(scope, id),
        document: { ...source, updated_ms: nowMs, body: input },
        if_seq_no: current._seq_no,
        if_primary_term: current._primary_term,
        refresh: 'wait_for',
      });
    } catch (error) {
      // Someone else changed or deleted it in between: theirs stands, and the caller is told it is gone or retries.
      if (isStatus(error, 409)) return this.replace(scope, id, input, nowMs);
      throw error;
    }
    return { id, ...input };
  }

  /** Deletes a rule; false when the project has no such rule. */
  async delete(scope: TenantScope, id: string): Promise<boolean> {
    if (!(await this.get(scope, id))) return false;
    const response = await this.client.delete({ index: this.index, id: docId(scope, id), refresh: 'wait_for' }, { ignore: [404] });
    return response.result === 'deleted';
  }
}
