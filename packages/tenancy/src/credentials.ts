import type { ApiTokenView, IngestKeyView, Role, TenantScope } from '@linkscope/domain';
import { roleAtLeast } from '@linkscope/domain';
import { type ConfigObject, type ConfigStore, type OrganisationScope } from '@linkscope/storage';
import type { Actor, OrganisationService } from './organisations';
import { digestSecret, newSecret, SECRET_PREFIX, secretDisplayPrefix } from './secrets';
import { TenancyError } from './tenancy-error';
import { API_TOKEN, type ApiTokenRecord, INGEST_KEY, type IngestKeyRecord } from './tenancy-types';

const MAX_LIST = 500;

/** Who an API token acts as. */
export interface TokenPrincipal {
  readonly tokenId: string;
  readonly organisationId: string;
  readonly role: Role;
  /** The one project the token may use, or null for every project of the organisation. */
  readonly projectId: string | null;
  readonly name: string;
}

function keyView(key: ConfigObject<IngestKeyRecord>): IngestKeyView {
  const a = key.attributes;
  return { id: key.id, name: a.name, prefix: a.prefix, projectId: key.projectId ?? '', createdAt: key.createdAt, createdBy: a.createdBy, revokedAt: a.revokedAt };
}

function tokenView(token: ConfigObject<ApiTokenRecord>): ApiTokenView {
  const a = token.attributes;
  return { id: token.id, name: a.name, prefix: a.prefix, role: a.role, projectId: a.projectId, createdAt: token.createdAt, expiresAt: a.expiresAt, revokedAt: a.revokedAt };
}

/** Ingest keys (per project) and API tokens (per organisation). Secrets are returned once, stored as SHA-256. */
export class CredentialService {
  private readonly keys;
  private readonly tokens;

  constructor(
    store: ConfigStore,
    private readonly organisations: OrganisationService,
  ) {
    this.keys = store.of(INGEST_KEY);
    this.tokens = store.of(API_TOKEN);
  }

  /** Creates an ingest key; `secret` is for the demo seed (a known development key). */
  async createIngestKey(scope: TenantScope, actor: Actor, name: string, secret: string = newSecret(SECRET_PREFIX.ingestKey)): Promise<{ key: IngestKeyView; secret: string }> {
    const key = await this.keys.create(scope, { name, prefix: secretDisplayPrefix(secret), secretDigest: digestSecret(secret), createdBy: actor.email, revokedAt: null });
    await this.organisations.record(scope, actor, 'ingest-key.create', `${name} (${key.attributes.prefix}…)`, scope.projectId);
    return { key: keyView(key), secret };
  }

  async listIngestKeys(scope: TenantScope): Promise<IngestKeyView[]> {
    return (await this.keys.find(scope, { limit: MAX_LIST })).items.map(keyView);
  }

  /** Revokes a key: collectors refuse it once their key cache expires (see the resolver's TTL). */
  async revokeIngestKey(scope: TenantScope, actor: Actor, id: string): Promise<IngestKeyView> {
    const key = await this.keys.get(scope, id);
    if (!key) throw new TenancyError('NOT_FOUND', 'ingest key not found');
    if (key.attributes.revokedAt !== null) return keyView(key);
    const revoked = await this.keys.update(scope, id, { ...key.attributes, revokedAt: new Date().toISOString() }, { version: key.version });
    await this.organisations.record(scope, actor, 'ingest-key.revoke', `${key.attributes.name} (${key.attributes.prefix}…)`, scope.projectId);
    return keyView(revoked);
  }

  /** Issues a new key with the same name and revokes the old one. */
  async rotateIngestKey(scope: TenantScope, actor: Actor, id: string): Promise<{ key: IngestKeyView; secret: string }> {
    const old = await this.keys.get(scope, id);
    if (!old || old.attributes.revokedAt !== null) throw new TenancyError('NOT_FOUND', 'ingest key not found');
    const next = await this.createIngestKey(scope, actor, old.attributes.name);
    await this.revokeIngestKey(scope, actor, id);
    return next;
  }

  /** Creates an API token acting with at most the creator's own role. */
  async createApiToken(
    scope: OrganisationScope,
    actor: Actor,
    actorRole: Role,
    input: { name: string; role: Role; projectId?: string | undefined; expiresInDays?: number | undefined },
  ): Promise<{ token: ApiTokenView; secret: string }> {
    if (!roleAtLeast(actorRole, input.role)) throw new TenancyError('FORBIDDEN', `a ${actorRole} cannot create a token with role ${input.role}`);
    if (input.projectId && !(await this.organisations.projectExists(scope, input.projectId))) throw new TenancyError('NOT_FOUND', `project ${input.projectId} not found`);
    const secret = newSecret(SECRET_PREFIX.apiToken);
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000).toISOString() : null;
    const token = await this.tokens.create(scope, {
      name: input.name,
      prefix: secretDisplayPrefix(secret),
      secretDigest: digestSecret(secret),
      role: input.role,
      projectId: input.projectId ?? null,
      createdBy: actor.email,
      expiresAt,
      revokedAt: null,
    });
    await this.organisations.record(scope, actor, 'api-token.create', `${input.name} (${input.role})`, input.projectId ?? null);
    return { token: tokenView(token), secret };
  }

  async listApiTokens(scope: OrganisationScope): Promise<ApiTokenView[]> {
    return (await this.tokens.find(scope, { limit: MAX_LIST })).items.map(tokenView);
  }

  async revokeApiToken(scope: OrganisationScope, actor: Actor, id: string): Promise<ApiTokenView> {
    const token = await this.tokens.get(scope, id);
    if (!token) throw new TenancyError('NOT_FOUND', 'API token not found');
    if (token.attributes.revokedAt !== null) return tokenView(token);
    const revoked = await this.tokens.update(scope, id, { ...token.attributes, revokedAt: new Date().toISOString() }, { version: token.version });
    await this.organisations.record(scope, actor, 'api-token.revoke', token.attributes.name);
    return tokenView(revoked);
  }

  /** The principal of a bearer API token; UNAUTHENTICATED when unknown, revoked or expired. */
  async authenticateApiToken(secret: string): Promise<TokenPrincipal> {
    if (!secret.startsWith(SECRET_PREFIX.apiToken) || secret.length > 128) throw new TenancyError('UNAUTHENTICATED', 'unknown API token');
    const token = await this.tokens.resolveCredential(digestSecret(secret));
    if (!token || !token.tenantId) throw new TenancyError('UNAUTHENTICATED', 'unknown API token');
    const a = token.attributes;
    if (a.revokedAt !== null) throw new TenancyError('UNAUTHENTICATED', 'this API token has been revoked');
    if (a.expiresAt !== null && Date.parse(a.expiresAt) <= Date.now()) throw new TenancyError('UNAUTHENTICATED', 'this API token has expired');
    return { tokenId: token.id, organisationId: token.tenantId, role: a.role, projectId: a.projectId, name: a.name };
  }
}
