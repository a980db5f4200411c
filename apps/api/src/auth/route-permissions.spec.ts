import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AccessLogController } from '../access-logs/access-log.controller';
import { BusinessRuleController } from '../layers/business-rule.controller';
import { AlertChannelController, AlertHistoryController, AlertRuleController, SilenceController } from '../alerts/alerting.controller';
import { AppModule } from '../app.module';
import type { ApiConfig } from '../config';
import { HealthController } from '../health.controller';
import { LayerController } from '../layers/layer.controller';
import { CredentialController } from '../tenancy/credential.controller';
import { OrganisationController } from '../tenancy/organisation.controller';
import { TraceController } from '../traces/trace.controller';
import { AuthController } from './auth.controller';
import { DEFAULT_PERMISSION, PERMISSION_KEY, PUBLIC_KEY, SIGNED_IN_KEY } from './auth.decorators';

type Controller = abstract new (...args: never[]) => object;

/** What each route of the api needs, as `METHOD path`: the table the guard enforces. */
function routeTable(controllers: readonly Controller[]): Map<string, string> {
  const table = new Map<string, string>();
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '/');
      const route = `${RequestMethod[method]} /${[base, sub].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
      const read = <T>(key: string): T | undefined => (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T | undefined;
      let needs: string;
      if (read<boolean>(PUBLIC_KEY)) needs = 'public';
      else if (read<boolean>(SIGNED_IN_KEY)) needs = 'signed-in';
      else needs = read<string>(PERMISSION_KEY) ?? (method === RequestMethod.GET ? `${DEFAULT_PERMISSION} (default)` : 'UNDECLARED');
      table.set(route, needs);
    }
  }
  return table;
}

const registered = AppModule.register({ dashboardDir: '/nonexistent' } as ApiConfig).controllers as Controller[];

describe('route permissions', () => {
  it('covers every controller the api registers', () => {
    expect(new Set(registered)).toEqual(
      new Set([HealthController, TraceController, AlertRuleController, AlertChannelController, SilenceController, AlertHistoryController, LayerController, AccessLogController, BusinessRuleController, AuthController, OrganisationController, CredentialController]),
    );
  });

  it('gives every write route an explicit permission (the guard refuses undeclared writes)', () => {
    const undeclared = [...routeTable(registered)].filter(([, needs]) => needs === 'UNDECLARED').map(([route]) => route);
    expect(undeclared).toEqual([]);
  });

  it('matches the role model: viewers read; members edit rules; admins keys, channels, members; owners the organisation', () => {
    expect(Object.fromEntries(routeTable(registered))).toEqual({
      'GET /api/healthz': 'public',
      'GET /api/readyz': 'public',
      'POST /api/v1/auth/signup': 'public',
      'POST /api/v1/auth/login': 'public',
      'POST /api/v1/auth/logout': 'signed-in',
      'GET /api/v1/auth/session': 'signed-in',
      'POST /api/v1/auth/select': 'signed-in',
      'POST /api/v1/auth/password': 'signed-in',
      'GET /api/v1/organisations': 'signed-in',
      'POST /api/v1/organisations': 'signed-in',
      'PATCH /api/v1/organisation': 'org:manage',
      'GET /api/v1/projects': 'project:read (default)',
      'POST /api/v1/projects': 'projects:write',
      'GET /api/v1/members': 'project:read (default)',
      'PATCH /api/v1/members/:userId': 'members:manage',
      'DELETE /api/v1/members/:userId': 'members:manage',
      'GET /api/v1/invitations': 'members:manage',
      'POST /api/v1/invitations': 'members:manage',
      'DELETE /api/v1/invitations/:id': 'members:manage',
      'POST /api/v1/invitations/lookup': 'public',
      'POST /api/v1/invitations/accept': 'public',
      'GET /api/v1/ingest-keys': 'keys:manage',
      'POST /api/v1/ingest-keys': 'keys:manage',
      'POST /api/v1/ingest-keys/:id/rotate': 'keys:manage',
      'DELETE /api/v1/ingest-keys/:id': 'keys:manage',
      'GET /api/v1/api-tokens': 'tokens:manage',
      'POST /api/v1/api-tokens': 'tokens:manage',
      'DELETE /api/v1/api-tokens/:id': 'tokens:manage',
      'GET /api/v1/audit': 'audit:read',
      'GET /api/v1/traces': 'project:read (default)',
      'GET /api/v1/traces/search': 'project:read (default)',
      'GET /api/v1/traces/compare': 'project:read (default)',
      'GET /api/v1/traces/aggregate': 'project:read (default)',
      'GET /api/v1/traces/:traceId': 'project:read (default)',
      'GET /api/v1/traces/:traceId/analysis': 'project:read (default)',
      'GET /api/v1/traces/:traceId/logs': 'project:read (default)',
      'GET /api/v1/layers/overview': 'project:read (default)',
      'GET /api/v1/layers/:layer/entities': 'project:read (default)',
      'GET /api/v1/layers/:layer/series': 'project:read (default)',
      'GET /api/v1/layers/:layer/traces': 'project:read (default)',
      'GET /api/v1/access-logs/summary': 'project:read (default)',
      'GET /api/v1/business-rules': 'project:read (default)',
      'POST /api/v1/business-rules': 'rules:write',
      'GET /api/v1/business-rules/:id': 'project:read (default)',
      'PUT /api/v1/business-rules/:id': 'rules:write',
      'DELETE /api/v1/business-rules/:id': 'rules:write',
      'GET /api/v1/alert-rules': 'project:read (default)',
      'POST /api/v1/alert-rules': 'rules:write',
      'GET /api/v1/alert-rules/:id': 'project:read (default)',
      'POST /api/v1/alert-rules/preview': 'project:read',
      'PATCH /api/v1/alert-rules/:id': 'rules:write',
      'POST /api/v1/alert-rules/:id/enabled': 'rules:write',
      'DELETE /api/v1/alert-rules/:id': 'rules:write',
      'GET /api/v1/alert-channels': 'project:read (default)',
      'POST /api/v1/alert-channels': 'channels:write',
      'GET /api/v1/alert-channels/:id': 'project:read (default)',
      'PATCH /api/v1/alert-channels/:id': 'channels:write',
      'DELETE /api/v1/alert-channels/:id': 'channels:write',
      'POST /api/v1/alert-channels/:id/test': 'channels:write',
      'GET /api/v1/silences': 'project:read (default)',
      'POST /api/v1/silences': 'alerts:write',
      'POST /api/v1/silences/:id/expire': 'alerts:write',
      'GET /api/v1/alerts': 'project:read (default)',
      'POST /api/v1/alerts/:fingerprint/ack': 'alerts:write',
    });
  });
});
