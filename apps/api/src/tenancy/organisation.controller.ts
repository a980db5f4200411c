import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Res } from '@nestjs/common';
import {
  acceptInvitationSchema,
  createInvitationSchema,
  createOrganisationSchema,
  createProjectSchema,
  type InvitationView,
  type MemberView,
  type OrganisationMembershipView,
  type ProjectView,
  type SessionView,
  updateMemberSchema,
} from '@linkscope/domain';
import { type Tenancy, TenancyError } from '@linkscope/tenancy';
import { API_CONFIG, type ApiConfig } from '../config';
import { TENANCY } from '../tenancy.provider';
import { Public, RequirePermission, SignedIn } from '../auth/auth.decorators';
import { Auth, OptionalAuth, Org, type OrgContext, type RequestAuth } from '../auth/request-auth';
import { sessionCookie } from '../auth/session-cookie';
import { buildSessionView } from '../auth/session-view';
import { invitationTokenSchema, objectIdSchema } from './tenancy-params.schema';

type CookieResponse = { setHeader(name: string, value: string): void };

@Controller('api/v1')
export class OrganisationController {
  constructor(
    @Inject(TENANCY) private readonly tenancy: Tenancy,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @SignedIn()
  @Get('organisations')
  async organisations(@Auth() auth: RequestAuth): Promise<{ organisations: OrganisationMembershipView[] }> {
    if (!auth.session) return { organisations: [] };
    return { organisations: await this.tenancy.organisations.membershipsOf(auth.session.userId, auth.session.organisationIds) };
  }

  /** Creates another organisation with the caller as its owner. */
  @SignedIn()
  @Post('organisations')
  async createOrganisation(@Auth() auth: RequestAuth, @Body() body: unknown): Promise<{ organisationId: string }> {
    if (!auth.session) throw new TenancyError('FORBIDDEN', 'API tokens cannot create organisations');
    const input = createOrganisationSchema.parse(body);
    return { organisationId: await this.tenancy.organisations.createOrganisation(auth.actor, input.name) };
  }

  /** Renames the current organisation; owners only. */
  @RequirePermission('org:manage')
  @Patch('organisation')
  async renameOrganisation(@Org() org: OrgContext, @Body() body: unknown): Promise<{ organisationId: string; name: string }> {
    const input = createOrganisationSchema.parse(body);
    await this.tenancy.organisations.renameOrganisation(org, org.actor, input.name);
    return { organisationId: org.tenantId, name: input.name };
  }

  @Get('projects')
  async projects(@Org() org: OrgContext): Promise<{ projects: ProjectView[] }> {
    return { projects: await this.tenancy.organisations.listProjects(org) };
  }

  @RequirePermission('projects:write')
  @Post('projects')
  async createProject(@Org() org: OrgContext, @Body() body: unknown): Promise<ProjectView> {
    const input = createProjectSchema.parse(body);
    return this.tenancy.organisations.createProject(org, org.actor, input.id, input.name);
  }

  @Get('members')
  async members(@Org() org: OrgContext): Promise<{ members: MemberView[] }> {
    return { members: await this.tenancy.organisations.listMembers(org) };
  }

  @RequirePermission('members:manage')
  @Patch('members/:userId')
  changeRole(@Org() org: OrgContext, @Param('userId') userId: string, @Body() body: unknown): Promise<MemberView> {
    return this.tenancy.organisations.changeRole(org, org.actor, org.role, objectIdSchema.parse(userId), updateMemberSchema.parse(body).role);
  }

  @RequirePermission('members:manage')
  @Delete('members/:userId')
  @HttpCode(204)
  async removeMember(@Org() org: OrgContext, @Param('userId') userId: string): Promise<void> {
    await this.tenancy.organisations.removeMember(org, org.actor, org.role, objectIdSchema.parse(userId));
  }

  @RequirePermission('members:manage')
  @Get('invitations')
  async invitations(@Org() org: OrgContext): Promise<{ invitations: InvitationView[] }> {
    return { invitations: await this.tenancy.organisations.listInvitations(org) };
  }

  /** The token is in the returned link only, once; the link carries it in the fragment, which never reaches a server log. */
  @RequirePermission('members:manage')
  @Post('invitations')
  async invite(@Org() org: OrgContext, @Body() body: unknown): Promise<{ invitation: InvitationView; token: string; path: string }> {
    const input = createInvitationSchema.parse(body);
    const { invitation, token } = await this.tenancy.organisations.invite(org, org.actor, org.role, input.email, input.role);
    return { invitation, token, path: `/invite#${token}` };
  }

  @RequirePermission('members:manage')
  @Delete('invitations/:id')
  @HttpCode(204)
  async revokeInvitation(@Org() org: OrgContext, @Param('id') id: string): Promise<void> {
    await this.tenancy.organisations.revokeInvitation(org, org.actor, objectIdSchema.parse(id));
  }

  /** What an invitation link is for (404 unknown, 410 used or expired). */
  @Public()
  @Post('invitations/lookup')
  @HttpCode(200)
  lookupInvitation(@Body() body: unknown) {
    return this.tenancy.organisations.describeInvitation(invitationTokenSchema.parse(body).token);
  }

  /**
   * Accepts an invitation: signed in as the invited email, or by creating that account with
   * `name` and `password` (409 when it already exists: sign in first). Single use (410 after).
   */
  @Public()
  @Post('invitations/accept')
  @HttpCode(200)
  async acceptInvitation(@OptionalAuth() auth: RequestAuth | null, @Body() body: unknown, @Res({ passthrough: true }) response: CookieResponse): Promise<SessionView> {
    const input = acceptInvitationSchema.parse(body);
    if (auth?.session) {
      const organisationId = await this.tenancy.organisations.acceptInvitation(input.token, auth.actor);
      await this.tenancy.accounts.select(auth.session.sessionId, organisationId, null);
      const user = await this.tenancy.accounts.findUser(auth.session.userId);
      return buildSessionView(this.tenancy, { ...auth.session, organisationIds: user?.organisationIds ?? [organisationId] }, { organisationId, projectId: null });
    }
    if (!input.name || !input.password) throw new TenancyError('INVALID_REQUEST', 'name and password are required to create the invited account (or sign in first)');
    const invited = await this.tenancy.organisations.describeInvitation(input.token);
    const userId = await this.tenancy.accounts.createUser(invited.email, input.name, input.password);
    const organisationId = await this.tenancy.organisations.acceptInvitation(input.token, { userId, email: invited.email, name: input.name });
    const session = await this.tenancy.accounts.issueSession(userId, organisationId);
    response.setHeader('set-cookie', sessionCookie(session.token, session.expiresAt, this.config.auth.cookieSecure));
    return buildSessionView(this.tenancy, { userId, email: invited.email, name: input.name, csrfToken: session.csrfToken, organisationIds: [organisationId] }, { organisationId, projectId: null });
  }
}
