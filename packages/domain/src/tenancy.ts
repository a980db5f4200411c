import { z } from 'zod';

/** Roles within one organisation, weakest first. */
export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a route may require. Viewers read; members edit rules and dashboards; admins manage keys,
 * tokens, channels, projects and members and read the audit log; owners manage the organisation.
 */
export const PERMISSIONS = [
  'project:read',
  'rules:write',
  'dashboards:write',
  'alerts:write',
  'channels:write',
  'projects:write',
  'keys:manage',
  'tokens:manage',
  'members:manage',
  'audit:read',
  'org:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const LEAST_ROLE: Record<Permission, Role> = {
  'project:read': 'viewer',
  'rules:write': 'member',
  'dashboards:write': 'member',
  'alerts:write': 'member',
  'channels:write': 'admin',
  'projects:write': 'admin',
  'keys:manage': 'admin',
  'tokens:manage': 'admin',
  'members:manage': 'admin',
  'audit:read': 'admin',
  'org:manage': 'owner',
};

/** True when `role` is at least as strong as `other`. */
export function roleAtLeast(role: Role, other: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(other);
}

/** True when `role` carries `permission`. */
export function roleAllows(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, LEAST_ROLE[permission]);
}

/** Every permission a role carries, for the dashboard to hide what the api would refuse. */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((permission) => roleAllows(role, permission));
}

/** Lower-case, trimmed; at most 254 characters (RFC 5321). */
export const emailSchema = z
  .string()
  .trim()
  .max(254, 'at most 254 characters')
  .pipe(z.email('not an email address'))
  .transform((email) => email.toLowerCase());

/** 12–256 characters; long passphrases are welcome, the hash is memory-hard. */
export const passwordSchema = z.string().min(12, 'at least 12 characters').max(256, 'at most 256 characters');

const displayName = z.string().trim().min(1, 'required').max(100, 'at most 100 characters');

/** A project id: a slug that appears in URLs and on every stored document. */
export const projectIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '2–40 lower-case letters, digits and dashes, starting with a letter or digit');

export const signUpSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: displayName,
  organisationName: displayName,
});
export type SignUpRequest = z.input<typeof signUpSchema>;

export const loginSchema = z.strictObject({ email: emailSchema, password: z.string().min(1, 'required').max(256, 'at most 256 characters') });
export type LoginRequest = z.input<typeof loginSchema>;

export const changePasswordSchema = z.strictObject({ currentPassword: z.string().min(1, 'required').max(256), newPassword: passwordSchema });

export const createOrganisationSchema = z.strictObject({ name: displayName });
export const createProjectSchema = z.strictObject({ id: projectIdSchema, name: displayName });
export const roleSchema = z.enum(ROLES);
export const createInvitationSchema = z.strictObject({ email: emailSchema, role: roleSchema });
export const acceptInvitationSchema = z.strictObject({
  token: z.string().min(16).max(128),
  /** Needed only when no account exists for the invited email yet. */
  name: displayName.optional(),
  password: passwordSchema.optional(),
});
export const updateMemberSchema = z.strictObject({ role: roleSchema });
export const createIngestKeySchema = z.strictObject({ name: displayName });
export const createApiTokenSchema = z.strictObject({
  name: displayName,
  role: roleSchema,
  /** Limits the token to one project of the organisation; all projects when absent. */
  projectId: projectIdSchema.optional(),
  expiresInDays: z.number().int().min(1).max(365).optional(),
});

/** One organisation the signed-in user belongs to. */
export interface OrganisationMembershipView {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly role: Role;
}

export interface ProjectView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/** GET /api/v1/auth/session */
export interface SessionView {
  readonly user: { readonly id: string; readonly email: string; readonly name: string };
  readonly organisations: readonly OrganisationMembershipView[];
  /** The organisation and project requests use when they name none. */
  readonly current: { readonly organisationId: string | null; readonly projectId: string | null; readonly role: Role | null };
  readonly permissions: readonly Permission[];
  /** Echo it in `x-linkscope-csrf` on every cookie-authenticated write. */
  readonly csrfToken: string;
}

export interface MemberView {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly joinedAt: string;
}

export interface InvitationView {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly invitedBy: string;
}

/** A key as listed: never the secret, only its first characters. */
export interface IngestKeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly projectId: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
}

export interface ApiTokenView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly role: Role;
  readonly projectId: string | null;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

export interface AuditEntryView {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly projectId: string | null;
}
