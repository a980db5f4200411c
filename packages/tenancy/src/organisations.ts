import type { AuditEntryView, InvitationView, MemberView, OrganisationMembershipView, ProjectView, Role } from '@linkscope/domain';
import { roleAtLeast } from '@linkscope/domain';
import { type ConfigStore, ConfigStoreError, GLOBAL_SCOPE, type OrganisationScope, newConfigId } from '@linkscope/storage';
import { digestSecret, newSecret, SECRET_PREFIX } from './secrets';
import { TenancyError } from './tenancy-error';
import { AUDIT_ENTRY, INVITATION, MEMBERSHIP, ORGANISATION, PROJECT, USER } from './tenancy-types';

/** Who makes a change, as the audit log records it. */
export interface Actor {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
}

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const MAX_LIST = 500;

/** Organisations, their projects, members, invitations and audit log. Every call names its organisation. */
export class OrganisationService {
  private readonly users;
  private readonly organisations;
  private readonly memberships;
  private readonly projects;
  private readonly invitations;
  private readonly audit;

  constructor(store: ConfigStore) {
    this.users = store.of(USER);
    this.organisations = store.of(ORGANISATION);
    this.memberships = store.of(MEMBERSHIP);
    this.projects = store.of(PROJECT);
    this.invitations = store.of(INVITATION);
    this.audit = store.of(AUDIT_ENTRY);
  }

  /** Creates an organisation owned by `actor`; returns its tenant id. `tenantId` is for the demo seed. */
  async createOrganisation(actor: Actor, name: string, tenantId: string = `o_${newConfigId().slice(0, 16)}`): Promise<string> {
    const scope = { tenantId };
    await this.organisations.create(scope, { name, createdBy: actor.userId }, { id: tenantId });
    await this.addMember(scope, actor, 'owner');
    await this.record(scope, actor, 'organisation.create', name);
    return tenantId;
  }

  /** Renames the organisation (owners only: the route needs `org:manage`). */
  async renameOrganisation(scope: OrganisationScope, actor: Actor, name: string): Promise<void> {
    await this.organisations.modify(scope, scope.tenantId, (o) => ({ ...o, name }));
    await this.record(scope, actor, 'organisation.rename', name);
  }

  async organisationName(scope: OrganisationScope): Promise<string | null> {
    return (await this.organisations.get(scope, scope.tenantId))?.attributes.name ?? null;
  }

  /** The user's role in the organisation, or null when not a member. */
  async roleOf(scope: OrganisationScope, userId: string): Promise<Role | null> {
    return (await this.memberships.get(scope, userId))?.attributes.role ?? null;
  }

  /** The organisations among `organisationIds` where the user really is a member. */
  async membershipsOf(userId: string, organisationIds: readonly string[]): Promise<OrganisationMembershipView[]> {
    const views: OrganisationMembershipView[] = [];
    for (const tenantId of organisationIds) {
      const role = await this.roleOf({ tenantId }, userId);
      const name = role ? await this.organisationName({ tenantId }) : null;
      if (role && name !== null) views.push({ organisationId: tenantId, organisationName: name, role });
    }
    return views;
  }

  async listProjects(scope: OrganisationScope): Promise<ProjectView[]> {
    const page = await this.projects.find(scope, { limit: MAX_LIST, order: 'oldest' });
    return page.items.map((p) => ({ id: p.id, name: p.attributes.name, createdAt: p.createdAt }));
  }

  async projectExists(scope: OrganisationScope, projectId: string): Promise<boolean> {
    return (await this.projects.get(scope, projectId)) !== null;
  }

  async createProject(scope: OrganisationScope, actor: Actor, id: string, name: string): Promise<ProjectView> {
    try {
      const project = await this.projects.create(scope, { name, createdBy: actor.userId }, { id });
      await this.record(scope, actor, 'project.create', id, id);
      return { id, name, createdAt: project.createdAt };
    } catch (error) {
      if (error instanceof ConfigStoreError && error.code === 'CONFLICT') throw new TenancyError('CONFLICT', `a project with id "${id}" already exists`);
      throw error;
    }
  }

  async listMembers(scope: OrganisationScope): Promise<MemberView[]> {
    const page = await this.memberships.find(scope, { limit: MAX_LIST, order: 'oldest' });
    return page.items.map((m) => ({ userId: m.id, email: m.attributes.email, name: m.attributes.name, role: m.attributes.role, joinedAt: m.createdAt }));
  }

  /** Changes a member's role. Only owners grant or take away ownership; the last owner stays. */
  async changeRole(scope: OrganisationScope, actor: Actor, actorRole: Role, userId: string, role: Role): Promise<MemberView> {
    const member = await this.memberships.get(scope, userId);
    if (!member) throw new TenancyError('NOT_FOUND', 'member not found');
    if ((role === 'owner' || member.attributes.role === 'owner') && actorRole !== 'owner') throw new TenancyError('FORBIDDEN', 'only an owner can grant or remove the owner role');
    if (member.attributes.role === 'owner' && role !== 'owner') await this.keepAnOwner(scope, userId);
    const updated = await this.memberships.update(scope, userId, { ...member.attributes, role }, { version: member.version });
    await this.record(scope, actor, 'member.role', `${member.attributes.email} → ${role}`);
    return { userId, email: updated.attributes.email, name: updated.attributes.name, role, joinedAt: updated.createdAt };
  }

  async removeMember(scope: OrganisationScope, actor: Actor, actorRole: Role, userId: string): Promise<void> {
    const member = await this.memberships.get(scope, userId);
    if (!member) throw new TenancyError('NOT_FOUND', 'member not found');
    if (member.attributes.role === 'owner') {
      if (actorRole !== 'owner') throw new TenancyError('FORBIDDEN', 'only an owner can remove an owner');
      await this.keepAnOwner(scope, userId);
    }
    await this.memberships.delete(scope, userId, { version: member.version });
    await this.users.modify(GLOBAL_SCOPE, userId, (u) => ({ ...u, organisationIds: u.organisationIds.filter((id) => id !== scope.tenantId) })).catch(() => undefined);
    await this.record(scope, actor, 'member.remove', member.attributes.email);
  }

  /** Invites an email; the token (in the link) is returned once and stored only as a digest. */
  async invite(scope: OrganisationScope, actor: Actor, actorRole: Role, email: string, role: Role): Promise<{ invitation: InvitationView; token: string }> {
    if (!roleAtLeast(actorRole, role)) throw new TenancyError('FORBIDDEN', `a ${actorRole} cannot invite a ${role}`);
    if ((await this.memberships.find(scope, { limit: MAX_LIST })).items.some((m) => m.attributes.email === email)) {
      throw new TenancyError('CONFLICT', `${email} is already a member`);
    }
    const token = newSecret(SECRET_PREFIX.invitation);
    const expiresAt = new Date(Date.now() + INVITATION_TTL_MS).toISOString();
    const stored = await this.invitations.create(scope, { email, role, tokenDigest: digestSecret(token), invitedBy: actor.email, expiresAt, acceptedAt: null, acceptedBy: null });
    await this.record(scope, actor, 'invitation.create', `${email} as ${role}`);
    return { invitation: { id: stored.id, email, role, createdAt: stored.createdAt, expiresAt, invitedBy: actor.email }, token };
  }

  /** Invitations not yet accepted, expired ones included (they show as expired). */
  async listInvitations(scope: OrganisationScope): Promise<InvitationView[]> {
    const page = await this.invitations.find(scope, { limit: MAX_LIST });
    return page.items
      .filter((i) => i.attributes.acceptedAt === null)
      .map((i) => ({ id: i.id, email: i.attributes.email, role: i.attributes.role, createdAt: i.createdAt, expiresAt: i.attributes.expiresAt, invitedBy: i.attributes.invitedBy }));
  }

  async revokeInvitation(scope: OrganisationScope, actor: Actor, id: string): Promise<void> {
    const invitation = await this.invitations.get(scope, id);
    if (!invitation || invitation.attributes.acceptedAt !== null) throw new TenancyError('NOT_FOUND', 'invitation not found');
    await this.invitations.delete(scope, id);
    await this.record(scope, actor, 'invitation.revoke', invitation.attributes.email);
  }

  /**
   * What an invitation link is for. NOT_FOUND for an unknown token; GONE once used or expired.
   */
  async describeInvitation(token: string): Promise<{ organisationId: string; organisationName: string; email: string; role: Role }> {
    const invitation = await this.openInvitation(token);
    const organisationId = invitation.tenantId as string;
    return { organisationId, organisationName: (await this.organisationName({ tenantId: organisationId })) ?? '', email: invitation.attributes.email, role: invitation.attributes.role };
  }

  /** Accepts an invitation for `user`, whose email must be the invited one. Single use. */
  async acceptInvitation(token: string, user: Actor): Promise<string> {
    const invitation = await this.openInvitation(token);
    if (invitation.attributes.email !== user.email) throw new TenancyError('FORBIDDEN', 'this invitation is for another email address');
    const scope = { tenantId: invitation.tenantId as string };
    try {
      // The version check makes acceptance single-use even when two requests race.
      await this.invitations.update(scope, invitation.id, { ...invitation.attributes, acceptedAt: new Date().toISOString(), acceptedBy: user.userId }, { version: invitation.version });
    } catch (error) {
      if (error instanceof ConfigStoreError && error.code === 'CONFLICT') throw new TenancyError('GONE', 'this invitation has already been used');
      throw error;
    }
    if (!(await this.roleOf(scope, user.userId))) await this.addMember(scope, user, invitation.attributes.role);
    await this.record(scope, user, 'invitation.accept', `${user.email} as ${invitation.attributes.role}`);
    return scope.tenantId;
  }

  /** Appends to the organisation's audit log. */
  async record(scope: OrganisationScope, actor: Actor, action: string, target: string, projectId: string | null = null): Promise<void> {
    await this.audit.create(scope, { actorId: actor.userId, actor: actor.email, action, target: target.slice(0, 256), projectId }, { refresh: false });
  }

  async auditLog(scope: OrganisationScope, limit: number, after?: string): Promise<{ entries: AuditEntryView[]; next: string | null }> {
    const page = await this.audit.find(scope, { limit, ...(after ? { after } : {}) });
    return {
      entries: page.items.map((e) => ({ id: e.id, at: e.createdAt, actor: e.attributes.actor, action: e.attributes.action, target: e.attributes.target, projectId: e.attributes.projectId })),
      next: page.next,
    };
  }

  private async openInvitation(token: string) {
    const invitation = await this.invitations.resolveCredential(digestSecret(token));
    if (!invitation || !invitation.tenantId) throw new TenancyError('NOT_FOUND', 'invitation not found');
    if (invitation.attributes.acceptedAt !== null) throw new TenancyError('GONE', 'this invitation has already been used');
    if (Date.parse(invitation.attributes.expiresAt) <= Date.now()) throw new TenancyError('GONE', 'this invitation has expired');
    return invitation;
  }

  private async addMember(scope: OrganisationScope, user: Actor, role: Role): Promise<void> {
    await this.memberships.create(scope, { userId: user.userId, email: user.email, name: user.name, role }, { id: user.userId });
    await this.users.modify(GLOBAL_SCOPE, user.userId, (u) =>
      u.organisationIds.includes(scope.tenantId) ? u : { ...u, organisationIds: [...u.organisationIds, scope.tenantId].slice(-100) },
    );
  }

  private async keepAnOwner(scope: OrganisationScope, leavingUserId: string): Promise<void> {
    const owners = await this.memberships.find(scope, { where: { role: 'owner' }, limit: 2 });
    if (owners.items.filter((o) => o.id !== leavingUserId).length === 0) throw new TenancyError('CONFLICT', 'an organisation needs at least one owner');
  }
}
