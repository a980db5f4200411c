import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { changePasswordSchema, loginSchema, type SessionView, signUpSchema } from '@linkscope/domain';
import { type IssuedSession, type Tenancy, TenancyError } from '@linkscope/tenancy';
import { z } from 'zod';
import { API_CONFIG, type ApiConfig } from '../config';
import { TENANCY } from '../tenancy.provider';
import { Public, SignedIn } from './auth.decorators';
import { Auth, type RequestAuth } from './request-auth';
import { clearedSessionCookie, sessionCookie } from './session-cookie';
import { buildSessionView } from './session-view';

type CookieResponse = { setHeader(name: string, value: string): void };
type ClientRequest = { ip?: string };

const selectSchema = z.strictObject({ organisationId: z.string().min(1).max(64), projectId: z.string().min(1).max(64).optional() });

@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(TENANCY) private readonly tenancy: Tenancy,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Creates an account and its organisation and signs in. 409 when the email has an account. */
  @Public()
  @Post('signup')
  async signUp(@Body() body: unknown, @Res({ passthrough: true }) response: CookieResponse): Promise<SessionView> {
    const input = signUpSchema.parse(body);
    const { userId, organisationId, session } = await this.tenancy.accounts.signUp(input);
    return this.started(response, session, { userId, email: input.email, name: input.name, organisationIds: [organisationId] }, organisationId);
  }

  /** 401 "wrong email or password"; 429 past the per-account or per-address limits. */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() request: ClientRequest, @Res({ passthrough: true }) response: CookieResponse): Promise<SessionView> {
    const input = loginSchema.parse(body);
    const session = await this.tenancy.accounts.login(input.email, input.password, request.ip ?? 'unknown');
    const principal = await this.tenancy.accounts.authenticate(session.token);
    return this.started(response, session, principal, principal.organisationId);
  }

  @SignedIn()
  @Post('logout')
  @HttpCode(204)
  async logout(@Auth() auth: RequestAuth, @Res({ passthrough: true }) response: CookieResponse): Promise<void> {
    if (auth.session) await this.tenancy.accounts.logout(auth.session.sessionId);
    response.setHeader('set-cookie', clearedSessionCookie(this.config.auth.cookieSecure));
  }

  @SignedIn()
  @Get('session')
  session(@Auth() auth: RequestAuth): Promise<SessionView> {
    const session = this.sessionOf(auth);
    return buildSessionView(this.tenancy, session, session);
  }

  /** Makes an organisation (and project) the session's default. 403 when not a member; 404 for an unknown project. */
  @SignedIn()
  @Post('select')
  @HttpCode(200)
  async select(@Auth() auth: RequestAuth, @Body() body: unknown): Promise<SessionView> {
    const session = this.sessionOf(auth);
    const input = selectSchema.parse(body);
    const scope = { tenantId: input.organisationId };
    if (!(await this.tenancy.organisations.roleOf(scope, session.userId))) throw new TenancyError('FORBIDDEN', 'you are not a member of this organisation');
    if (input.projectId && !(await this.tenancy.organisations.projectExists(scope, input.projectId))) throw new TenancyError('NOT_FOUND', 'project not found');
    await this.tenancy.accounts.select(session.sessionId, input.organisationId, input.projectId ?? null);
    return buildSessionView(this.tenancy, session, { organisationId: input.organisationId, projectId: input.projectId ?? null });
  }

  /** Changes the password (403 when the current one is wrong) and ends the user's other sessions. */
  @SignedIn()
  @Post('password')
  @HttpCode(204)
  async changePassword(@Auth() auth: RequestAuth, @Body() body: unknown): Promise<void> {
    const input = changePasswordSchema.parse(body);
    await this.tenancy.accounts.changePassword(this.sessionOf(auth), input.currentPassword, input.newPassword);
  }

  private sessionOf(auth: RequestAuth) {
    if (!auth.session) throw new TenancyError('FORBIDDEN', 'API tokens have no session');
    return auth.session;
  }

  private async started(
    response: CookieResponse,
    session: IssuedSession,
    user: { userId: string; email: string; name: string; organisationIds: readonly string[] },
    organisationId: string | null,
  ): Promise<SessionView> {
    response.setHeader('set-cookie', sessionCookie(session.token, session.expiresAt, this.config.auth.cookieSecure));
    return buildSessionView(this.tenancy, { ...user, csrfToken: session.csrfToken }, { organisationId, projectId: null });
  }
}
