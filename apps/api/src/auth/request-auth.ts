import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role, TenantScope } from '@linkscope/domain';
import type { Actor, SessionPrincipal, TokenPrincipal } from '@linkscope/tenancy';
import type { OrganisationScope } from '@linkscope/storage';

/** Who made the request and in which organisation and project; set by the guard only. */
export interface RequestAuth {
  readonly via: 'session' | 'token';
  readonly actor: Actor;
  readonly session: SessionPrincipal | null;
  readonly token: TokenPrincipal | null;
  readonly organisationId: string | null;
  readonly role: Role | null;
  readonly projectId: string | null;
}

export const AUTH_KEY = Symbol('linkscope.auth');
export const SCOPE_KEY = Symbol('linkscope.scope');

export type AuthenticatedRequest = {
  [AUTH_KEY]?: RequestAuth;
  [SCOPE_KEY]?: TenantScope;
};

/** The request's authentication (signed-in routes), or fails closed. */
export const Auth = createParamDecorator((_data: unknown, context: ExecutionContext): RequestAuth => {
  const auth = context.switchToHttp().getRequest<AuthenticatedRequest>()[AUTH_KEY];
  if (!auth) throw new Error('no authentication resolved for this request');
  return auth;
});

/** The authentication when there is one (public routes). */
export const OptionalAuth = createParamDecorator((_data: unknown, context: ExecutionContext): RequestAuth | null => context.switchToHttp().getRequest<AuthenticatedRequest>()[AUTH_KEY] ?? null);

/** An organisation-level request's organisation, with the caller's role in it. */
export interface OrgContext extends OrganisationScope {
  readonly role: Role;
  readonly actor: Actor;
}

/** The request's organisation (membership checked by the guard). */
export const Org = createParamDecorator((_data: unknown, context: ExecutionContext): OrgContext => {
  const auth = context.switchToHttp().getRequest<AuthenticatedRequest>()[AUTH_KEY];
  if (!auth?.organisationId || !auth.role) throw new Error('no organisation resolved for this request');
  return { tenantId: auth.organisationId, role: auth.role, actor: auth.actor };
});
