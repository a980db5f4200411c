import { type Client, errors, type estypes } from '@elastic/elasticsearch';
import type { TenantScope } from '@linkscope/domain';
import { type AlertIndex, alertIndexName } from './alert-templates';
import { spanIndicesBetween } from './index-names';

/** Configuration kinds kept by alerting. */
export type AlertConfigKind = 'rule' | 'channel' | 'silence';

/** A stored record with its version, for optimistic concurrency on update. */
export interface Versioned<T> {
  readonly id: string;
  readonly body: T;
  readonly version: { readonly seqNo: number; readonly primaryTerm: number };
}

/** The update lost a race: someone else changed the record since it was read. */
export class VersionConflictError extends Error {
  readonly code = 'VERSION_CONFLICT';
}

/** Most records one list returns. */
export const MAX_ALERT_LIST = 1000;

function scopeFilter(scope: TenantScope): estypes.QueryDslQueryContainer[] {
  return [{ term: { tenant_id: scope.tenantId } }, { term: { project_id: scope.projectId } }];
}

function docId(scope: TenantScope, ...parts: string[]): string {
  return [scope.tenantId, scope.projectId, ...parts].join(':');
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof errors.ResponseError && error.statusCode === status;
}

/** Fields stored beside the unindexed `body`, for filtering. */
type Indexed = Partial<Record<'kind' | 'object_id' | 'fingerprint' | 'rule_id' | 'incident_id' | 'channel_id' | 'phase' | 'status', string>> & {
  enabled?: boolean;
  incident_ids?: string[];
  created_ms?: number;
  updated_ms?: number;
  starts_ms?: number;
};

/**
 * Alerting's records in Elasticsearch: rules, channels and silences (`config`), the state of each
 * rule × entity (`states`), incidents for history (`incidents`) and each notification with its
 * delivery status (`notifications`). Every method takes the tenant scope and filters by it,
 * reads by id included (the id embeds the scope and the document's fields are checked).
 */
/** Projects with enabled rules are listed in pages of this many, at most this many pages. */
const PROJECT_PAGE_SIZE = 1_000;
const MAX_PROJECT_PAGES = 100;

export class AlertRepository {
  constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {}

  private index(which: AlertIndex): string {
    return alertIndexName(this.prefix, which);
  }

  private async getDoc<T>(scope: TenantScope, which: AlertIndex, id: string): Promise<Versioned<T> | null> {
    try {
      const doc = await this.client.get<{ tenant_id: string; project_id: string; body: T }>({ index: this.index(which), id });
      const source = doc._source;
      if (!doc.found || !source || source.tenant_id !== scope.tenantId || source.project_id !== scope.projectId) return null;
      return { id, body: source.body, version: { seqNo: doc._seq_no ?? 0, primaryTerm: doc._primary_term ?? 0 } };
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  private async search<T>(scope: TenantScope, which: AlertIndex, filter: estypes.QueryDslQueryContainer[], options: { size?: number; sort?: estypes.Sort } = {}): Promise<Versioned<T>[]> {
    try {
      const response = await this.client.search<{ body: T }>({
        index: this.index(which),
        size: Math.min(options.size ?? MAX_ALERT_LIST, MAX_ALERT_LIST),
        seq_no_primary_term: true,
        query: { bool: { filter: [...scopeFilter(scope), ...filter] } },
        ...(options.sort ? { sort: options.sort } : {}),
      });
      return response.hits.hits.filter((h) => h._source).map((h) => ({ id: h._id ?? '', body: (h._source as { body: T }).body, version: { seqNo: h._seq_no ?? 0, primaryTerm: h._primary_term ?? 0 } }));
    } catch (error) {
      if (isStatus(error, 404)) return [];
      throw error;
    }
  }

  // ---- configuration: rules, channels, silences ----

  async getConfig<T>(scope: TenantScope, kind: AlertConfigKind, id: string): Promise<Versioned<T> | null> {
    return this.getDoc<T>(scope, 'config', docId(scope, kind, id));
  }

  /** Lists one kind, newest first. */
  async listConfig<T>(scope: TenantScope, kind: AlertConfigKind, options: { enabledOnly?: boolean } = {}): Promise<Versioned<T>[]> {
    const filter: estypes.QueryDslQueryContainer[] = [{ term: { kind } }];
    if (options.enabledOnly) filter.push({ term: { enabled: true } });
    return this.search<T>(scope, 'config', filter, { sort: [{ updated_ms: 'desc' }] });
  }

  /**
   * Creates (`expected` null) or replaces a record; with `expected` it fails with
   * VersionConflictError when the record changed since it was read (optimistic concurrency).
   */
  async putConfig<T>(scope: TenantScope, kind: AlertConfigKind, id: string, body: T, options: { enabled?: boolean; expected?: Versioned<unknown>['version'] | null; nowMs?: number } = {}): Promise<void> {
    const now = options.nowMs ?? Date.now();
    try {
      await this.client.index({
        index: this.index('config'),
        id: docId(scope, kind, id),
        document: { tenant_id: scope.tenantId, project_id: scope.projectId, kind, object_id: id, enabled: options.enabled ?? true, updated_ms: now, body },
        refresh: 'wait_for',
        ...(options.expected === null ? { op_type: 'create' as const } : {}),
        ...(options.expected ? { if_seq_no: options.expected.seqNo, if_primary_term: options.expected.primaryTerm } : {}),
      });
    } catch (error) {
      if (isStatus(error, 409)) throw new VersionConflictError(`${kind} ${id} was changed by someone else`);
      throw error;
    }
  }

  /** Deletes a record; false when there was none in this scope. */
  async deleteConfig(scope: TenantScope, kind: AlertConfigKind, id: string): Promise<boolean> {
    if (!(await this.getConfig(scope, kind, id))) return false;
    await this.client.delete({ index: this.index('config'), id: docId(scope, kind, id), refresh: 'wait_for' }, { ignore: [404] });
    return true;
  }

  /**
   * Every project with at least one enabled rule, across tenants: only the evaluation scheduler
   * calls this, to know which projects to evaluate; it reads no rule content.
   */
  async projectsWithEnabledRules(): Promise<TenantScope[]> {
    // A composite aggregation (core Elasticsearch; `multi_terms` is x-pack), paged by its after key.
    const projects: TenantScope[] = [];
    let after: Record<string, string> | undefined;
    try {
      for (let page = 0; page < MAX_PROJECT_PAGES; page++) {
        const response = await this.client.search({
          index: this.index('config'),
          size: 0,
          query: { bool: { filter: [{ term: { kind: 'rule' } }, { term: { enabled: true } }] } },
          aggs: {
            projects: {
              composite: {
                size: PROJECT_PAGE_SIZE,
                sources: [{ tenant: { terms: { field: 'tenant_id' } } }, { project: { terms: { field: 'project_id' } } }],
                ...(after ? { after } : {}),
              },
            },
          },
        });
        const agg = response.aggregations?.['projects'] as { buckets?: { key: Record<string, string> }[]; after_key?: Record<string, string> } | undefined;
        const buckets = agg?.buckets ?? [];
        for (const b of buckets) if (b.key['tenant'] && b.key['project']) projects.push({ tenantId: b.key['tenant'], projectId: b.key['project'] });
        if (buckets.length < PROJECT_PAGE_SIZE || !agg?.after_key) break;
        after = agg.after_key;
      }
      return projects;
    } catch (error) {
      if (isStatus(error, 404)) return [];
      throw error;
    }
  }

  // ---- states ----

  async listStates<T>(scope: TenantScope): Promise<Versioned<T>[]> {
    return this.search<T>(scope, 'states', [], { size: MAX_ALERT_LIST });
  }

  async getState<T>(scope: TenantScope, fingerprint: string): Promise<Versioned<T> | null> {
    return this.getDoc<T>(scope, 'states', docId(scope, fingerprint));
  }

  /**
   * Stores states; each write is conditional on the version read (when given), so two evaluators
   * racing on one alert cannot both apply a transition. Returns the fingerprints that lost a race.
   */
  async putStates<T>(scope: TenantScope, states: readonly { fingerprint: string; ruleId: string; phase: string; body: T; expected?: Versioned<unknown>['version'] | null }[]): Promise<string[]> {
    if (states.length === 0) return [];
    const operations: unknown[] = [];
    for (const s of states) {
      const meta: estypes.BulkIndexOperation = { _index: this.index('states'), _id: docId(scope, s.fingerprint) };
      if (s.expected) Object.assign(meta, { if_seq_no: s.expected.seqNo, if_primary_term: s.expected.primaryTerm });
      operations.push(s.expected === null ? { create: meta } : { index: meta });
      operations.push({ tenant_id: scope.tenantId, project_id: scope.projectId, fingerprint: s.fingerprint, rule_id: s.ruleId, phase: s.phase, updated_ms: Date.now(), body: s.body });
    }
    // Visible to the next round's search (5 s later at most) even when a refresh is late.
    const response = await this.client.bulk({ operations: operations as estypes.BulkOperationContainer[], refresh: 'wait_for' });
    const lost: string[] = [];
    response.items.forEach((item, i) => {
      const result = item.index ?? item.create;
      if (result?.status === 409) lost.push(states[i]?.fingerprint ?? '');
      else if (result?.error) throw new Error(`storing alert state failed: ${result.error.reason ?? result.error.type}`);
    });
    return lost;
  }

  /** Applies a change to one state under optimistic concurrency, retrying a few times on conflict. */
  async updateState<T>(scope: TenantScope, fingerprint: string, change: (body: T) => T | null): Promise<T | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.getState<T>(scope, fingerprint);
      if (!current) return null;
      const next = change(current.body);
      if (next === null) return current.body;
      try {
        await this.client.index({
          index: this.index('states'),
          id: docId(scope, fingerprint),
          if_seq_no: current.version.seqNo,
          if_primary_term: current.version.primaryTerm,
          document: { tenant_id: scope.tenantId, project_id: scope.projectId, fingerprint, rule_id: (next as { ruleId?: string }).ruleId ?? '', phase: (next as { phase?: string }).phase ?? '', updated_ms: Date.now(), body: next },
          refresh: 'wait_for',
        });
        return next;
      } catch (error) {
        if (!isStatus(error, 409)) throw error;
      }
    }
    throw new VersionConflictError(`alert ${fingerprint} kept changing; try again`);
  }

  /** Forgets every state of one rule (its rule was deleted); by id, as delete-by-query is not in the core server. */
  async deleteStatesOfRule(scope: TenantScope, ruleId: string): Promise<number> {
    const states = await this.search<unknown>(scope, 'states', [{ term: { rule_id: ruleId } }], { size: MAX_ALERT_LIST });
    if (states.length === 0) return 0;
    const response = await this.client.bulk({ operations: states.map((s) => ({ delete: { _index: this.index('states'), _id: s.id } })), refresh: 'wait_for' });
    const failed = response.items.find((item) => item.delete?.error);
    if (failed) throw new Error(`deleting alert states failed: ${failed.delete?.error?.reason ?? ''}`);
    return states.length;
  }

  // ---- incidents ----

  async putIncidents<T>(scope: TenantScope, incidents: readonly { incidentId: string; fingerprint: string; ruleId: string; state: string; startsAtMs: number; body: T }[]): Promise<void> {
    if (incidents.length === 0) return;
    const operations: unknown[] = [];
    for (const i of incidents) {
      operations.push({ index: { _index: this.index('incidents'), _id: docId(scope, i.incidentId) } });
      operations.push({ tenant_id: scope.tenantId, project_id: scope.projectId, incident_id: i.incidentId, fingerprint: i.fingerprint, rule_id: i.ruleId, status: i.state, starts_ms: i.startsAtMs, updated_ms: Date.now(), body: i.body });
    }
    const response = await this.client.bulk({ operations: operations as estypes.BulkOperationContainer[] });
    const failed = response.items.find((item) => item.index?.error);
    if (failed) throw new Error(`storing incidents failed: ${failed.index?.error?.reason ?? ''}`);
  }

  /** Incidents, newest first, optionally only those of one state. */
  async listIncidents<T>(scope: TenantScope, options: { limit: number; state?: string; fingerprint?: string; ruleId?: string }): Promise<Versioned<T>[]> {
    const filter: estypes.QueryDslQueryContainer[] = [];
    if (options.state) filter.push({ term: { status: options.state } });
    if (options.fingerprint) filter.push({ term: { fingerprint: options.fingerprint } });
    if (options.ruleId) filter.push({ term: { rule_id: options.ruleId } });
    return this.search<T>(scope, 'incidents', filter, { size: options.limit, sort: [{ starts_ms: 'desc' }] });
  }

  // ---- notifications ----

  /** Creates notifications; ones that already exist are left as they are (same id = same notification). */
  async createNotifications<T>(scope: TenantScope, notifications: readonly { notificationId: string; channelId: string; incidentIds: readonly string[]; body: T }[], nowMs = Date.now()): Promise<void> {
    if (notifications.length === 0) return;
    const operations: unknown[] = [];
    for (const n of notifications) {
      operations.push({ create: { _index: this.index('notifications'), _id: docId(scope, n.notificationId) } });
      operations.push({ tenant_id: scope.tenantId, project_id: scope.projectId, object_id: n.notificationId, channel_id: n.channelId, incident_ids: [...n.incidentIds], status: 'queued', created_ms: nowMs, updated_ms: nowMs, body: n.body });
    }
    const response = await this.client.bulk({ operations: operations as estypes.BulkOperationContainer[], refresh: 'wait_for' });
    const failed = response.items.find((item) => item.create?.error && item.create.status !== 409);
    if (failed) throw new Error(`storing notifications failed: ${failed.create?.error?.reason ?? ''}`);
  }

  async getNotification<T>(scope: TenantScope, notificationId: string): Promise<(Versioned<T> & { status: string }) | null> {
    try {
      const doc = await this.client.get<{ tenant_id: string; project_id: string; status: string; body: T }>({ index: this.index('notifications'), id: docId(scope, notificationId) });
      const source = doc._source;
      if (!doc.found || !source || source.tenant_id !== scope.tenantId || source.project_id !== scope.projectId) return null;
      return { id: notificationId, body: source.body, status: source.status, version: { seqNo: doc._seq_no ?? 0, primaryTerm: doc._primary_term ?? 0 } };
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  /**
   * Records a delivery result; the body is replaced by `change(body)`. One read and one write: the
   * stored document comes back whole, so its filter fields (channel, incidents, creation time) are
   * written back as they were.
   */
  async setNotificationStatus<T>(scope: TenantScope, notificationId: string, status: 'queued' | 'sent' | 'failed', change: (body: T) => T): Promise<void> {
    const id = docId(scope, notificationId);
    let source: (Indexed & { tenant_id: string; project_id: string; body: T }) | undefined;
    try {
      const doc = await this.client.get<Indexed & { tenant_id: string; project_id: string; body: T }>({ index: this.index('notifications'), id });
      source = doc.found ? doc._source : undefined;
    } catch (error) {
      if (isStatus(error, 404)) return;
      throw error;
    }
    if (!source || source.tenant_id !== scope.tenantId || source.project_id !== scope.projectId) return;
    await this.client.index({ index: this.index('notifications'), id, document: { ...source, status, updated_ms: Date.now(), body: change(source.body) } });
  }

  /** Notifications still queued, created since `sinceMs` (re-enqueued each round until delivered or failed). */
  async listQueuedNotifications<T>(scope: TenantScope, sinceMs: number): Promise<Versioned<T>[]> {
    return this.search<T>(scope, 'notifications', [{ term: { status: 'queued' } }, { range: { created_ms: { gte: sinceMs } } }], { size: 200 });
  }

  /** Notifications about any of these incidents, newest first (alert history's delivery status). */
  async listNotificationsFor<T>(scope: TenantScope, incidentIds: readonly string[]): Promise<(Versioned<T> & { status: string })[]> {
    if (incidentIds.length === 0) return [];
    try {
      const response = await this.client.search<{ status: string; body: T }>({
        index: this.index('notifications'),
        size: MAX_ALERT_LIST,
        query: { bool: { filter: [...scopeFilter(scope), { terms: { incident_ids: [...incidentIds] } }] } },
        sort: [{ created_ms: 'desc' }],
      });
      return response.hits.hits.filter((h) => h._source).map((h) => ({ id: h._id ?? '', body: (h._source as { body: T }).body, status: (h._source as { status: string }).status, version: { seqNo: 0, primaryTerm: 0 } }));
    } catch (error) {
      if (isStatus(error, 404)) return [];
      throw error;
    }
  }

  // ---- evidence ----

  /** Up to `limit` trace ids of `service`'s spans in the window: failed spans, or else the slowest. */
  async exampleTraceIds(scope: TenantScope, query: { service: string; fromMs: number; toMs: number; errorsOnly: boolean; limit: number }): Promise<string[]> {
    const response = await this.client.search<{ trace_id: string }>({
      index: spanIndicesBetween(this.prefix, query.fromMs, query.toMs),
      ignore_unavailable: true,
      allow_no_indices: true,
      size: Math.min(query.limit * 5, 50),
      _source: ['trace_id'],
      query: {
        bool: {
          filter: [
            ...scopeFilter(scope),
            { term: { service_name: query.service } },
            { range: { '@timestamp': { gte: query.fromMs, lt: query.toMs } } },
            ...(query.errorsOnly ? [{ term: { status_code: 'error' } }] : []),
          ],
        },
      },
      sort: query.errorsOnly ? [{ '@timestamp': 'desc' }] : [{ duration_ns: 'desc' }],
    });
    const ids = response.hits.hits.map((h) => h._source?.trace_id).filter((id): id is string => typeof id === 'string');
    return [...new Set(ids)].slice(0, query.limit);
  }

  /** Makes recent alerting writes visible to search (tests and tools). */
  async refresh(): Promise<void> {
    await this.client.indices.refresh({ index: `${this.prefix}-alert-*`, ignore_unavailable: true, allow_no_indices: true });
  }

  /** Deletes the alerting indices and template of this prefix (tests). */
  async purge(): Promise<void> {
    await this.client.indices.delete({ index: `${this.prefix}-alert-*`, ignore_unavailable: true, allow_no_indices: true });
  }
}
