import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiSession } from './api-session';
import { type TestTenant, addMember, createTenant, runId } from './tenant-fixture';

const stack = inject('stack');

type Role = 'viewer' | 'member' | 'admin' | 'owner';
const ROLES: readonly Role[] = ['viewer', 'member', 'admin', 'owner'];

/**
 * Every organisation route with the least role that may call it, written out here rather than
 * derived from the code under test. Writes carry bodies the validation refuses, and ids name
 * nothing, so an allowed call answers 400 or 404 without changing anything, and a refused one
 * answers 403 from the guard before validation.
 */
const ID = 'no-such-object-0000';
const FP = '0123456789abcdef';
const ROUTES: readonly { method: string; path: string; body?: unknown; least: Role }[] = [
  { method: 'GET', path: '/api/v1/traces?lookbackMinutes=5', least: 'viewer' },
  { method: 'GET', path: '/api/v1/traces/search?lookbackMinutes=5', least: 'viewer' },
  { method: 'GET', path: `/api/v1/traces/${'ab'.repeat(16)}`, least: 'viewer' },
  { method: 'GET', path: `/api/v1/layers/overview?fromMs=${Date.now() - 600_000}&toMs=${Date.now()}`, least: 'viewer' },
  { method: 'GET', path: `/api/v1/layers/uri/entities?fromMs=${Date.now() - 600_000}&toMs=${Date.now()}`, least: 'viewer' },
  { method: 'GET', path: `/api/v1/access-logs/summary?fromMs=${Date.now() - 600_000}&toMs=${Date.now()}`, least: 'viewer' },
  { method: 'GET', path: '/api/v1/alert-rules', least: 'viewer' },
  { method: 'GET', path: '/api/v1/alert-channels', least: 'viewer' },
  { method: 'GET', path: '/api/v1/silences', least: 'viewer' },
  { method: 'GET', path: '/api/v1/alerts', least: 'viewer' },
  { method: 'GET', path: '/api/v1/business-rules', least: 'viewer' },
  { method: 'GET', path: '/api/v1/projects', least: 'viewer' },
  { method: 'GET', path: '/api/v1/members', least: 'viewer' },
  { method: 'POST', path: '/api/v1/alert-rules', body: { name: '' }, least: 'member' },
  { method: 'PATCH', path: `/api/v1/alert-rules/${ID}`, body: { name: '' }, least: 'member' },
  { method: 'POST', path: `/api/v1/alert-rules/${ID}/enabled`, body: { enabled: 'yes' }, least: 'member' },
  { method: 'DELETE', path: `/api/v1/alert-rules/${ID}`, least: 'member' },
  { method: 'POST', path: '/api/v1/business-rules', body: { name: '' }, least: 'member' },
  { method: 'PUT', path: `/api/v1/business-rules/${ID}`, body: { name: '' }, least: 'member' },
  { method: 'DELETE', path: `/api/v1/business-rules/${ID}`, least: 'member' },
  { method: 'POST', path: '/api/v1/silences', body: { matchers: [] }, least: 'member' },
  { method: 'POST', path: `/api/v1/silences/${ID}/expire`, least: 'member' },
  { method: 'POST', path: `/api/v1/alerts/${FP}/ack`, body: { by: 42 }, least: 'member' },
  { method: 'POST', path: '/api/v1/alert-channels', body: { type: 'carrier-pigeon' }, least: 'admin' },
  { method: 'PATCH', path: `/api/v1/alert-channels/${ID}`, body: { type: 'carrier-pigeon' }, least: 'admin' },
  { method: 'DELETE', path: `/api/v1/alert-channels/${ID}`, least: 'admin' },
  { method: 'POST', path: `/api/v1/alert-channels/${ID}/test`, least: 'admin' },
  { method: 'POST', path: '/api/v1/projects', body: { id: 'X' }, least: 'admin' },
  { method: 'GET', path: '/api/v1/ingest-keys', least: 'admin' },
  { method: 'POST', path: '/api/v1/ingest-keys', body: { name: '' }, least: 'admin' },
  { method: 'POST', path: `/api/v1/ingest-keys/${ID}/rotate`, least: 'admin' },
  { method: 'DELETE', path: `/api/v1/ingest-keys/${ID}`, least: 'admin' },
  { method: 'GET', path: '/api/v1/api-tokens', least: 'admin' },
  { method: 'POST', path: '/api/v1/api-tokens', body: { name: '' }, least: 'admin' },
  { method: 'DELETE', path: `/api/v1/api-tokens/${ID}`, least: 'admin' },
  { method: 'GET', path: '/api/v1/invitations', least: 'admin' },
  { method: 'POST', path: '/api/v1/invitations', body: { email: 'not-an-email' }, least: 'admin' },
  { method: 'DELETE', path: `/api/v1/invitations/${ID}`, least: 'admin' },
  { method: 'PATCH', path: `/api/v1/members/${ID}`, body: { role: 'emperor' }, least: 'admin' },
  { method: 'DELETE', path: `/api/v1/members/${ID}`, least: 'admin' },
  { method: 'GET', path: '/api/v1/audit', least: 'admin' },
  { method: 'PATCH', path: '/api/v1/organisation', body: { name: '' }, least: 'owner' },
];

const allowed = (role: Role, least: Role) => ROLES.indexOf(role) >= ROLES.indexOf(least);

describe('permission matrix: each role against each route, through the real api', () => {
  const run = runId();
  let tenant: TestTenant;
  const sessions = new Map<Role, ApiSession>();

  beforeAll(async () => {
    tenant = await createTenant(stack.urls.dashboard, 'matrix', run);
    sessions.set('owner', tenant.owner);
    for (const role of ['viewer', 'member', 'admin'] as const) sessions.set(role, await addMember(stack.urls.dashboard, tenant, role, `${role}-${run}@matrix.test`));
  }, 120_000);

  for (const role of ROLES) {
    it(`${role}: allowed where the role model says, 403 with the missing permission everywhere else`, async () => {
      const session = sessions.get(role)!;
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const route of ROUTES) {
        const answer = await session.request(route.method, route.path, route.body);
        const message = (answer.body as { message?: string } | null)?.message ?? '';
        const refused = answer.status === 403 && /^this needs the [a-z:]+ permission, which the \w+ role does not have$/.test(message);
        // Allowed calls reach the route: 2xx, or the route's own 400/404/409 for the deliberately bad input.
        const reached = [200, 201, 204, 400, 404, 409].includes(answer.status);
        outcomes.push(`${route.method} ${route.path.split('?')[0]} → ${refused ? 'deny' : reached ? 'allow' : `unexpected ${answer.status} ${message}`}`);
        expected.push(`${route.method} ${route.path.split('?')[0]} → ${allowed(role, route.least) ? 'allow' : 'deny'}`);
      }
      expect(outcomes).toEqual(expected);
    });
  }

  it('an allowed write really writes, and the same write by a viewer changes nothing', async () => {
    const rule = { name: `matrix ${run}`, layer: 'uri', metric: { kind: 'error_rate' }, condition: { type: 'threshold', op: '>', value: 0.5 } };
    const byViewer = await sessions.get('viewer')!.post('/api/v1/alert-rules', rule);
    expect([byViewer.status, (byViewer.body as { message: string }).message]).toEqual([403, 'this needs the rules:write permission, which the viewer role does not have']);
    const byMember = await sessions.get('member')!.post<{ id: string }>('/api/v1/alert-rules', rule);
    expect(byMember.status).toBe(201);
    const rules = await sessions.get('viewer')!.get<{ rules: { name: string }[] }>('/api/v1/alert-rules');
    expect(rules.body.rules.filter((r) => r.name === rule.name)).toHaveLength(1);
  });

  it('API tokens carry their role: a viewer token reads and cannot write; nobody mints a token above their own role', async () => {
    const admin = sessions.get('admin')!;
    const above = await admin.post('/api/v1/api-tokens', { name: 'too strong', role: 'owner' });
    expect([above.status, (above.body as { message: string }).message]).toEqual([403, 'a admin cannot create a token with role owner']);
    const token = await admin.post<{ secret: string }>('/api/v1/api-tokens', { name: 'reader', role: 'viewer', projectId: tenant.projectId });
    expect(token.status).toBe(201);
    const headers = { authorization: `Bearer ${token.body.secret}`, 'content-type': 'application/json' };
    expect((await fetch(`${stack.urls.dashboard}/api/v1/alert-rules`, { headers })).status).toBe(200);
    const write = await fetch(`${stack.urls.dashboard}/api/v1/alert-rules`, { method: 'POST', headers, body: '{}' });
    expect(write.status).toBe(403);
    // Token requests carry no cookie, so no CSRF token is needed or checked.
    const revoked = await admin.get<{ tokens: { id: string; name: string }[] }>('/api/v1/api-tokens');
    const id = revoked.body.tokens.find((t) => t.name === 'reader')?.id;
    expect((await admin.request('DELETE', `/api/v1/api-tokens/${id}`)).status).toBe(200);
    const after = await fetch(`${stack.urls.dashboard}/api/v1/alert-rules`, { headers });
    expect(after.status).toBe(401);
  });
});
