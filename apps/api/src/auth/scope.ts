import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { TenantScope } from '@linkscope/domain';
import { API_CONFIG, type ApiConfig } from '../config';

/** Where the guard leaves the request's tenant scope; nothing else writes it. */
const SCOPE_KEY = Symbol('linkscope.scope');

type ScopedRequest = { [SCOPE_KEY]?: TenantScope };

/**
 * The tenant scope of the current request, as the guard resolved it. A route that reads it
 * without a resolved scope fails closed (500) instead of reading another tenant's data.
 */
export const Scope = createParamDecorator((_data: unknown, context: ExecutionContext): TenantScope => {
  const scope = context.switchToHttp().getRequest<ScopedRequest>()[SCOPE_KEY];
  if (!scope) throw new Error('no tenant scope resolved for this request');
  return scope;
});

/**
 * Resolves the tenant scope of every request. Until accounts and sessions exist it is the
 * development scope from the configuration; the authentication guard replaces this.
 */
@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    context.switchToHttp().getRequest<ScopedRequest>()[SCOPE_KEY] = this.config.devScope;
    return true;
  }
}
