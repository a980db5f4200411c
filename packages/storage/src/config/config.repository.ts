import { randomBytes } from 'node:crypto';
import { type Client, errors, type estypes } from '@elastic/elasticsearch';
import type { TenantScope } from '@linkscope/domain';
import { type ConfigDocument, configIndexName } from './config-index';
import { type ConfigLevel, type ConfigObject, ConfigStoreError, type ConfigType, type OrganisationScope, type ScopeOf } from './config-type';

/** The most objects one `find` returns; page with `after` for more. */
export const MAX_CONFIG_PAGE = 1000;
const DEFAULT_PAGE = 100;
const MAX_ID_LENGTH = 128;

export interface ConfigFindQuery<T> {
  /** Exact matches on declared lookup attributes; an array matches any of its values. */
  readonly where?: Partial<Record<keyof T & string, string | readonly string[]>>;
  /** 1–1000, default 100. */
  readonly limit?: number;
  /** The `next` cursor of the previous page. */
  readonly after?: string;
  /** By creation time; default newest first. */
  readonly order?: 'newest' | 'oldest';
}

export interface ConfigPage<T> {
  readonly items: ConfigObject<T>[];
  /** Cursor of the next page, or null on the last one. */
  readonly next: string | null;
}

export interface ConfigWriteOptions {
  /** Make the write visible to `find` before returning (default true; config writes are rare). */
  readonly refresh?: boolean;
}

/** A new random object id: 22 URL-safe characters (128 bits). */
export function newConfigId(): string {
  return randomBytes(16).toString('base64url');
}

function encodeVersion(seqNo: number | undefined, primaryTerm: number | undefined): string {
  return Buffer.from(JSON.stringify([seqNo ?? -1, primaryTerm ?? -1])).toString('base64url');
}

function decodeVersion(version: string): { if_seq_no: number; if_primary_term: number } {
  try {
    const [seqNo, primaryTerm] = JSON.parse(Buffer.from(version, 'base64url').toString('utf8')) as unknown[];
    if (Number.isInteger(seqNo) && Number.isInteger(primaryTerm) && (seqNo as number) >= 0 && (primaryTerm as number) >= 1) {
      return { if_seq_no: seqNo as number, if_primary_term: primaryTerm as number };
    }
  } catch {
    // fall through
  }
  throw new ConfigStoreError('INVALID', 'malformed version');
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof errors.ResponseError && error.statusCode === status;
}

/**
 * Reads and writes one configuration type. Every method takes the scope of the type's level and
 * adds the tenant (and project) itself: a get by id of another tenant's object finds nothing,
 * because the scope is part of the document id and is checked again on the stored document.
 */
export class ConfigRepository<T, L extends ConfigLevel> {
  private readonly index: string;

  constructor(
    private readonly client: Client,
    indexPrefix: string,
    readonly type: ConfigType<T, L>,
  ) {
    this.index = configIndexName(indexPrefix);
  }

  /** Creates an object; with an `id` of the caller's choosing, a second create of it is a CONFLICT. */
  async create(scope: ScopeOf<L>, attributes: T, options: { id?: string } & ConfigWriteOptions = {}): Promise<ConfigObject<T>> {
    const owner = this.owner(scope);
    const id = options.id ?? newConfigId();
    this.checkId(id);
    const now = Date.now();
    const document = this.document(owner, id, this.validate(attributes), now, now);
    try {
      const result = await this.client.create({ index: this.index, id: this.docId(owner, id), document, refresh: options.refresh === false ? false : true });
      return this.toObject(document, encodeVersion(result._seq_no, result._primary_term));
    } catch (error) {
      if (isStatus(error, 409)) throw new ConfigStoreError('CONFLICT', `${this.type.name} ${id} already exists`);
      throw error;
    }
  }

  /** The object with this id in this scope, or null (also when it belongs to another scope). */
  async get(scope: ScopeOf<L>, id: string): Promise<ConfigObject<T> | null> {
    const owner = this.owner(scope);
    if (!id || id.length > MAX_ID_LENGTH) return null;
    try {
      const result = await this.client.get<ConfigDocument>({ index: this.index, id: this.docId(owner, id) });
      const source = result._source;
      if (!result.found || !source || !this.owns(owner, source)) return null;
      return this.toObject(source, encodeVersion(result._seq_no, result._primary_term));
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  /** Objects in this scope, newest first unless asked otherwise, matching every `where` lookup. */
  async find(scope: ScopeOf<L>, query: ConfigFindQuery<T> = {}): Promise<ConfigPage<T>> {
    const owner = this.owner(scope);
    const filter: estypes.QueryDslQueryContainer[] = [{ term: { type: this.type.name } }, ...this.ownerFilter(owner)];
    for (const [attribute, value] of Object.entries(query.where ?? {}) as [string, string | readonly string[] | undefined][]) {
      if (value === undefined) continue;
      if (!(this.type.lookups ?? []).includes(attribute as keyof T & string)) throw new ConfigStoreError('INVALID', `${this.type.name}.${attribute} is not a lookup`);
      const values = (typeof value === 'string' ? [value] : [...value]).map((v) => `${attribute}=${v}`);
      filter.push({ terms: { lookup: values } });
    }
    return this.search(filter, query);
  }

  /**
   * The object whose credential digest is `digest`, in whichever tenant owns it: this is how a
   * request's scope is found from a key, token or session. Only credential types allow it.
   */
  async resolveCredential(digest: string): Promise<ConfigObject<T> | null> {
    const attribute = this.type.credentialLookup;
    if (!attribute) throw new ConfigStoreError('INVALID', `${this.type.name} is not a credential type`);
    if (!digest || digest.length > 256) return null;
    const page = await this.search([{ term: { type: this.type.name } }, { term: { lookup: `${attribute}=${digest}` } }], { limit: 2 });
    // Digests of 256-bit secrets do not collide; two hits mean corrupted data, so refuse both.
    return page.items.length === 1 ? (page.items[0] ?? null) : null;
  }

  /**
   * Replaces the attributes of an object. With `version`, fails with CONFLICT when the object
   * changed since it was read (optimistic concurrency); NOT_FOUND when it does not exist in this scope.
   */
  async update(scope: ScopeOf<L>, id: string, attributes: T, options: { version?: string } & ConfigWriteOptions = {}): Promise<ConfigObject<T>> {
    const current = await this.get(scope, id);
    if (!current) throw new ConfigStoreError('NOT_FOUND', `${this.type.name} ${id} not found`);
    const owner = this.owner(scope);
    const concurrency = decodeVersion(options.version ?? current.version);
    const document = this.document(owner, id, this.validate(attributes), Date.parse(current.createdAt), Date.now());
    try {
      const result = await this.client.index({ index: this.index, id: this.docId(owner, id), document, ...concurrency, refresh: options.refresh === false ? false : true });
      return this.toObject(document, encodeVersion(result._seq_no, result._primary_term));
    } catch (error) {
      if (isStatus(error, 409)) throw new ConfigStoreError('CONFLICT', `${this.type.name} ${id} was changed by someone else; reload and retry`);
      throw error;
    }
  }

  /**
   * Reads, applies `change` and writes back under optimistic concurrency, retrying up to
   * `attempts` times when another writer got there first. NOT_FOUND when the object is absent.
   */
  async modify(scope: ScopeOf<L>, id: string, change: (current: T) => T, options: { attempts?: number } & ConfigWriteOptions = {}): Promise<ConfigObject<T>> {
    const attempts = options.attempts ?? 3;
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.get(scope, id);
      if (!current) throw new ConfigStoreError('NOT_FOUND', `${this.type.name} ${id} not found`);
      try {
        return await this.update(scope, id, change(current.attributes), { version: current.version, ...(options.refresh === undefined ? {} : { refresh: options.refresh }) });
      } catch (error) {
        if (!(error instanceof ConfigStoreError && error.code === 'CONFLICT') || attempt >= attempts) throw error;
      }
    }
  }

  /** Deletes an object of this scope; false when there was none. With `version`, CONFLICT if it changed. */
  async delete(scope: ScopeOf<L>, id: string, options: { version?: string } & ConfigWriteOptions = {}): Promise<boolean> {
    const current = await this.get(scope, id);
    if (!current) return false;
    const owner = this.owner(scope);
    try {
      await this.client.delete({ index: this.index, id: this.docId(owner, id), ...decodeVersion(options.version ?? current.version), refresh: options.refresh === false ? false : true });
      return true;
    } catch (error) {
      if (isStatus(error, 404)) return false;
      if (isStatus(error, 409)) throw new ConfigStoreError('CONFLICT', `${this.type.name} ${id} was changed by someone else; reload and retry`);
      throw error;
    }
  }

  private async search(filter: estypes.QueryDslQueryContainer[], query: ConfigFindQuery<T>): Promise<ConfigPage<T>> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_PAGE), 1), MAX_CONFIG_PAGE);
    const order = query.order === 'oldest' ? 'asc' : 'desc';
    try {
      const result = await this.client.search<ConfigDocument>({
        index: this.index,
        size: limit + 1,
        query: { bool: { filter } },
        sort: [{ created_at: { order } }, { object_id: { order } }],
        ...(query.after ? { search_after: decodeCursor(query.after) } : {}),
        track_total_hits: false,
        // Found objects carry a usable version too (an update of a found object must be conditional).
        seq_no_primary_term: true,
      });
      const hits = result.hits.hits;
      const items = hits.slice(0, limit).flatMap((hit) => (hit._source ? [this.toObject(hit._source, encodeVersion(hit._seq_no, hit._primary_term))] : []));
      const last = hits.length > limit ? hits[limit - 1] : undefined;
      return { items, next: last?.sort ? Buffer.from(JSON.stringify(last.sort)).toString('base64url') : null };
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 404) return { items: [], next: null };
      throw error;
    }
  }

  private owner(scope: ScopeOf<L>): { tenantId: string | null; projectId: string | null } {
    const level = this.type.level;
    if (level === 'global') {
      if (!('global' in scope) || scope.global !== true) throw new ConfigStoreError('INVALID', `${this.type.name} is global`);
      return { tenantId: null, projectId: null };
    }
    const tenantId = (scope as OrganisationScope).tenantId;
    if (typeof tenantId !== 'string' || tenantId.length === 0) throw new ConfigStoreError('INVALID', `${this.type.name} needs a tenant scope`);
    if (level === 'organisation') return { tenantId, projectId: null };
    const projectId = (scope as TenantScope).projectId;
    if (typeof projectId !== 'string' || projectId.length === 0) throw new ConfigStoreError('INVALID', `${this.type.name} needs a project scope`);
    return { tenantId, projectId };
  }

  private ownerFilter(owner: { tenantId: string | null; projectId: string | null }): estypes.QueryDslQueryContainer[] {
    const filter: estypes.QueryDslQueryContainer[] = [];
    if (owner.tenantId !== null) filter.push({ term: { tenant_id: owner.tenantId } });
    if (owner.projectId !== null) filter.push({ term: { project_id: owner.projectId } });
    return filter;
  }

  private owns(owner: { tenantId: string | null; projectId: string | null }, source: ConfigDocument): boolean {
    return source.type === this.type.name && (source.tenant_id ?? null) === owner.tenantId && (source.project_id ?? null) === owner.projectId;
  }

  private docId(owner: { tenantId: string | null; projectId: string | null }, id: string): string {
    // '|' cannot occur in tenant or project ids, so two scopes never share a document id.
    return [this.type.name, owner.tenantId ?? '-', owner.projectId ?? '-', id].join('|');
  }

  private checkId(id: string): void {
    if (id.length === 0 || id.length > MAX_ID_LENGTH || id.includes('|')) throw new ConfigStoreError('INVALID', `invalid ${this.type.name} id`);
  }

  private validate(attributes: T): T {
    const parsed = this.type.schema.safeParse(attributes);
    if (!parsed.success) {
      throw new ConfigStoreError('INVALID', `${this.type.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`);
    }
    return parsed.data;
  }

  private document(owner: { tenantId: string | null; projectId: string | null }, id: string, attributes: T, createdAt: number, updatedAt: number): ConfigDocument {
    const lookup: string[] = [];
    for (const attribute of this.type.lookups ?? []) {
      const value = (attributes as Record<string, unknown>)[attribute];
      for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') lookup.push(`${attribute}=${v}`);
    }
    return { type: this.type.name, object_id: id, tenant_id: owner.tenantId, project_id: owner.projectId, lookup, created_at: createdAt, updated_at: updatedAt, attributes: attributes as Record<string, unknown> };
  }

  private toObject(source: ConfigDocument, version: string): ConfigObject<T> {
    return {
      id: source.object_id,
      tenantId: source.tenant_id ?? null,
      projectId: source.project_id ?? null,
      version,
      createdAt: new Date(source.created_at).toISOString(),
      updatedAt: new Date(source.updated_at).toISOString(),
      attributes: source.attributes as T,
    };
  }
}

function decodeCursor(cursor: string): estypes.SortResults {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2) return value as estypes.SortResults;
  } catch {
    // fall through
  }
  throw new ConfigStoreError('INVALID', 'malformed page cursor');
}
