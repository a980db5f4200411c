import { ROLES } from '@linkscope/domain';
import { defineConfigType } from '@linkscope/storage';
import { z } from 'zod';

const iso = z.string().max(40);
const role = z.enum(ROLES);
const digest = z.string().regex(/^[0-9a-f]{64}$/);

/** An account. Its id is derived from the email, so a second sign-up with one email is a conflict. */
export const USER = defineConfigType({
  name: 'user',
  level: 'global',
  schema: z.object({
    email: z.string().max(254),
    name: z.string().max(100),
    passwordHash: z.string().max(512),
    /** Where the user has memberships: a listing hint only; the membership documents decide. */
    organisationIds: z.array(z.string().max(64)).max(100),
    passwordChangedAt: iso,
  }),
  lookups: ['email'],
});
export type UserRecord = z.infer<typeof USER.schema>;

/** An organisation's own record, id = its tenant id, stored in its own scope. */
export const ORGANISATION = defineConfigType({
  name: 'organisation',
  level: 'organisation',
  schema: z.object({ name: z.string().max(100), createdBy: z.string().max(64) }),
});

/** One user's role in one organisation; id = the user's id. */
export const MEMBERSHIP = defineConfigType({
  name: 'membership',
  level: 'organisation',
  schema: z.object({ userId: z.string().max(64), email: z.string().max(254), name: z.string().max(100), role }),
  lookups: ['userId', 'role'],
});

/** A project of an organisation; id = its slug (`demo-shop`). */
export const PROJECT = defineConfigType({
  name: 'project',
  level: 'organisation',
  schema: z.object({ name: z.string().max(100), createdBy: z.string().max(64) }),
});

export const INGEST_KEY = defineConfigType({
  name: 'ingest-key',
  level: 'project',
  schema: z.object({
    name: z.string().max(100),
    prefix: z.string().max(16),
    secretDigest: digest,
    createdBy: z.string().max(254),
    revokedAt: iso.nullable(),
  }),
  lookups: ['secretDigest'],
  credentialLookup: 'secretDigest',
});
export type IngestKeyRecord = z.infer<typeof INGEST_KEY.schema>;

export const API_TOKEN = defineConfigType({
  name: 'api-token',
  level: 'organisation',
  schema: z.object({
    name: z.string().max(100),
    prefix: z.string().max(16),
    secretDigest: digest,
    role,
    projectId: z.string().max(64).nullable(),
    createdBy: z.string().max(254),
    expiresAt: iso.nullable(),
    revokedAt: iso.nullable(),
  }),
  lookups: ['secretDigest'],
  credentialLookup: 'secretDigest',
});
export type ApiTokenRecord = z.infer<typeof API_TOKEN.schema>;

export const INVITATION = defineConfigType({
  name: 'invitation',
  level: 'organisation',
  schema: z.object({
    email: z.string().max(254),
    role,
    tokenDigest: digest,
    invitedBy: z.string().max(254),
    expiresAt: iso,
    acceptedAt: iso.nullable(),
    acceptedBy: z.string().max(64).nullable(),
  }),
  lookups: ['tokenDigest', 'email'],
  credentialLookup: 'tokenDigest',
});
export type InvitationRecord = z.infer<typeof INVITATION.schema>;

/** A signed-in browser; id = SHA-256 of the cookie's token, so the token itself is never stored. */
export const SESSION = defineConfigType({
  name: 'session',
  level: 'global',
  schema: z.object({
    userId: z.string().max(64),
    expiresAt: iso,
    lastSeenAt: iso,
    csrfToken: z.string().max(64),
    organisationId: z.string().max(64).nullable(),
    projectId: z.string().max(64).nullable(),
  }),
  lookups: ['userId'],
});
export type SessionRecord = z.infer<typeof SESSION.schema>;

/** One configuration change: who, what, when. Append-only. */
export const AUDIT_ENTRY = defineConfigType({
  name: 'audit',
  level: 'organisation',
  schema: z.object({
    actorId: z.string().max(64),
    actor: z.string().max(254),
    action: z.string().max(64),
    target: z.string().max(256),
    projectId: z.string().max(64).nullable(),
  }),
  lookups: ['action'],
});
