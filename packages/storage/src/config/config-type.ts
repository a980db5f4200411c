import type { TenantScope } from '@linkscope/domain';
import type { z } from 'zod';

/**
 * Who owns objects of a type: nobody in particular (`global`: users, sessions), one organisation
 * (`organisation`: members, invitations, API tokens, audit entries), or one project of one
 * organisation (`project`: ingest keys, business rules, alert rules).
 */
export type ConfigLevel = 'global' | 'organisation' | 'project';

/** The scope of global objects. Only code that owns global types (accounts, sessions) passes it. */
export interface GlobalScope {
  readonly global: true;
}
export const GLOBAL_SCOPE: GlobalScope = Object.freeze({ global: true });

/** An organisation (the tenant) without a project. */
export interface OrganisationScope {
  readonly tenantId: string;
}

/** The scope a repository of a given level takes on every call. */
export type ScopeOf<L extends ConfigLevel> = L extends 'global' ? GlobalScope : L extends 'organisation' ? OrganisationScope : TenantScope;

/** A kind of configuration object, declared once by the package or app that owns it. */
export interface ConfigType<T, L extends ConfigLevel = ConfigLevel> {
  /** 1–40 characters of a-z, 0-9 and '-'; part of every document id. */
  readonly name: string;
  readonly level: L;
  /** Checked on every write; a failure is a `ConfigValidationError`. */
  readonly schema: z.ZodType<T>;
  /**
   * Attributes indexed for exact-match `find` (string values only, or arrays of strings).
   * Everything else is stored but not indexed, so the config index never grows a mapping per type.
   */
  readonly lookups?: readonly (keyof T & string)[];
  /**
   * The one attribute (a digest of a secret) that `resolveCredential` may search across every
   * tenant. Only credential types (ingest keys, API tokens, sessions, invitations) declare it:
   * it is how a request's scope is found in the first place.
   */
  readonly credentialLookup?: keyof T & string;
}

/** Declares a configuration type. */
export function defineConfigType<T, L extends ConfigLevel>(type: ConfigType<T, L>): ConfigType<T, L> {
  if (!/^[a-z0-9-]{1,40}$/.test(type.name)) throw new Error(`config type name "${type.name}" must be 1-40 of a-z, 0-9, -`);
  if (type.credentialLookup && !(type.lookups ?? []).includes(type.credentialLookup)) {
    throw new Error(`config type ${type.name}: credentialLookup must also be listed in lookups`);
  }
  return type;
}

/** One stored configuration object. */
export interface ConfigObject<T> {
  readonly id: string;
  /** The owning organisation; null for global objects. */
  readonly tenantId: string | null;
  /** The owning project; null unless the type is project-level. */
  readonly projectId: string | null;
  /** Opaque; pass it back to `update`/`delete` to fail on a concurrent change. */
  readonly version: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attributes: T;
}

/** Typed failures of the config store (mapped to HTTP by the api's one exception filter). */
export class ConfigStoreError extends Error {
  constructor(
    readonly code: 'CONFLICT' | 'NOT_FOUND' | 'INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'ConfigStoreError';
  }
}
