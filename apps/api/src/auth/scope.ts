import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Permission, roleAllows, type TenantScope } from '@linkscope/domain';
import { type SessionPrincipal, type Tenancy, TenancyError } from '@linkscope/tenancy';
import { TENANCY } from '../tenancy.provider';
import { DEFAULT_PERMISSION, PERMISSION_KEY, PUBLIC_KEY, SIGNED_IN_KEY } from './auth.decorators';
import { AUTH_KEY, type AuthenticatedRequest, type RequestAuth, SCOPE_KEY } from './request-auth';
import { CSRF_HEADER, ORG_HEADER, PROJECT_HEADER, readCookie, SESSION_COOKIE } from './session-cookie';

type HttpRequest = AuthenticatedRequest & {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  protocol: string;
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The tenant scope (organisation + project) of the current request, as the guard resolved it
 * from the session or API token and the caller's memberships. Never from the request body.
 */
export const Scope = createParamDecorator((_data: unknown, context: ExecutionContext): TenantScope => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const scope = request[SCOPE_KEY];
  if (!scope) {
    if (request[AUTH_KEY]?.organisationId) throw new TenancyError('INVALID_REQUEST', `no project selected: create a project or name one in ${PROJECT_HEADER}`);
    throw new Error('no tenant scope resolved for this request');
  }
  return scope;
});

/**
 * Authenticates every request, fail-closed: a route answers without a session or API token only
 * when marked `@Public()`. Then resolves the organisation (`x-linkscope-org`, else the session's
 * selection, else the first membership) and project (`x-linkscope-project`, else the session's,
 * else the organisation's first), checks membership and the route's permission, and enforces
 * CSRF protection on cookie-authenticated writes.
 */
@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TENANCY) private readonly tenancy: Tenancy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;

    let principal: Omit<RequestAuth, 'organisationId' | 'role' | 'projectId'> | null;
    try {
      principal = await this.authenticate(request);
    } catch (error) {
      // A public page stays reachable with a stale cookie; every other route refuses.
      if (isPublic && error instanceof TenancyError && error.code === 'UNAUTHENTICATED') principal = null;
      else throw error;
    }
    if (principal?.session) this.checkCsrf(request, principal.session, isPublic);
    if (!principal) {
      if (isPublic) return true;
      throw new TenancyError('UNAUTHENTICATED', 'not signed in');
    }
    const base: RequestAuth = { ...principal, organisationId: null, role: null, projectId: null };
    if (isPublic || this.reflector.getAllAndOverride<boolean>(SIGNED_IN_KEY, targets) === true) {
      request[AUTH_KEY] = base;
      return true;
    }

    const resolved = await this.resolveOrganisation(request, base);
    const declared = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    // A write that forgot to say who may make it is refused for everyone rather than open to viewers.
    if (!declared && !SAFE_METHODS.has(request.method)) throw new Error(`${request.method} route declares no permission (@RequirePermission)`);
    const permission = declared ?? DEFAULT_PERMISSION;
    if (!roleAllows(resolved.role as NonNullable<RequestAuth['role']>, permission)) {
      throw new TenancyError('FORBIDDEN', `this needs the ${permission} permission, which the ${resolved.role} role does not have`);
    }
    request[AUTH_KEY] = resolved;
    if (resolved.organisationId && resolved.projectId) request[SCOPE_KEY] = { tenantId: resolved.organisationId, projectId: resolved.projectId };
    return true;
  }

  private async authenticate(request: HttpRequest): Promise<Omit<RequestAuth, 'organisationId' | 'role' | 'projectId'> | null> {
    const authorization = header(request, 'authorization');
    if (authorization) {
      const match = /^Bearer\s+(\S{1,256})$/i.exec(authorization.trim());
      if (!match?.[1]) throw new TenancyError('UNAUTHENTICATED', 'malformed Authorization header (Bearer <API token>)');
      const token = await this.tenancy.credentials.authenticateApiToken(match[1]);
      return { via: 'token', actor: { userId: `token:${token.tokenId}`, email: `API token "${token.name}"`, name: token.name }, session: null, token };
    }
    const cookie = readCookie(header(request, 'cookie'), SESSION_COOKIE);
    if (cookie === undefined) return null;
    const session = await this.tenancy.accounts.authenticate(cookie);
    return { via: 'session', actor: { userId: session.userId, email: session.email, name: session.name }, session, token: null };
  }

  /**
   * Cookie-authenticated writes must come from our own origin and echo the session's CSRF token.
   * Public routes (login, sign-up, invitations) get the origin check only: the dashboard may not
   * know the token of a session it is about to replace.
   */
  private checkCsrf(request: HttpRequest, session: SessionPrincipal, isPublic: boolean): void {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = header(request, 'origin');
    const host = header(request, 'host');
    if (origin && host && origin !== `${request.protocol}://${host}`) throw new TenancyError('FORBIDDEN', 'cross-origin request refused');
    if (isPublic) return;
    const echoed = header(request, CSRF_HEADER);
    if (echoed !== session.csrfToken) throw new TenancyError('FORBIDDEN', `missing or wrong CSRF token (${CSRF_HEADER})`);
  }

  private async resolveOrganisation(request: HttpRequest, auth: RequestAuth): Promise<RequestAuth> {
    const askedOrg = header(request, ORG_HEADER);
    const askedProject = header(request, PROJECT_HEADER);
    let organisationId: string | undefined;
    let role: RequestAuth['role'];
    if (auth.token) {
      if (askedOrg && askedOrg !== auth.token.organisationId) throw new TenancyError('FORBIDDEN', 'this API token belongs to another organisation');
      if (askedProject && auth.token.projectId && askedProject !== auth.token.projectId) throw new TenancyError('FORBIDDEN', 'this API token is limited to another project');
      organisationId = auth.token.organisationId;
      role = auth.token.role;
    } else {
      const session = auth.session as SessionPrincipal;
      organisationId = askedOrg ?? session.organisationId ?? session.organisationIds[0];
      if (!organisationId) throw new TenancyError('FORBIDDEN', 'you are not a member of any organisation');
      role = organisationId.length <= 64 ? await this.tenancy.organisations.roleOf({ tenantId: organisationId }, session.userId) : null;
      if (!role) throw new TenancyError('FORBIDDEN', 'you are not a member of this organisation');
    }
    const scope = { tenantId: organisationId };
    let projectId: string | null = askedProject ?? auth.token?.projectId ?? null;
    if (projectId !== null) {
      if (projectId.length > 64 || !(await this.tenancy.organisations.projectExists(scope, projectId))) throw new TenancyError('NOT_FOUND', 'project not found');
    } else {
      const remembered = auth.session?.organisationId === organisationId ? auth.session.projectId : null;
      if (remembered && (await this.tenancy.organisations.projectExists(scope, remembered))) projectId = remembered;
      else projectId = (await this.tenancy.organisations.listProjects(scope))[0]?.id ?? null;
    }
    return { ...auth, organisationId, role, projectId };
  }
}
