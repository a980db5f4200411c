import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { GLOBAL_SCOPE, Storage } from '@linkscope/storage';
import { SESSION, digestSecret } from '@linkscope/tenancy';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session';
import { type TestTenant, createTenant, runId } from './tenant-fixture';
import { testStorageConfig } from './test-stack';

const stack = inject('stack');

interface ErrorAnswer {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
}

/** A raw call (no session helper), answering status, JSON body and headers. */
async function call(method: string, urlPath: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${stack.urls.dashboard}${urlPath}`, { method, headers: { 'content-type': 'application/json', ...init.headers }, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body: body as ErrorAnswer, headers: response.headers };
}

const post = (urlPath: string, body: unknown, headers: Record<string, string> = {}) => call('POST', urlPath, { body: JSON.stringify(body), headers });

/** Secrets handed out during this spec: none may appear in a later answer or in any app's log. */
const secrets: string[] = [];
/** Handed to the signed-in user on purpose (the CSRF token is in the session answer), but never logged. */
const logOnly: string[] = [];

describe('accounts and sessions: the bad paths, each with its status and message', () => {
  const run = runId();
  let tenant: TestTenant;
  /** The owner's session that is still valid (the password change ends the others). */
  let owner: ApiSession;
  const storage = new Storage(testStorageConfig(stack));

  beforeAll(async () => {
    tenant = await createTenant(stack.urls.dashboard, 'hardening', run);
    secrets.push(tenant.password, tenant.ingestKey.secret, tenant.owner.cookie.split('=')[1] ?? '');
    logOnly.push(tenant.owner.session.csrfToken);
  }, 60_000);
  afterAll(() => storage.close());

  it('wrong password and unknown email: 401 with one message that does not say which', async () => {
    const wrong = await post('/api/v1/auth/login', { email: tenant.email, password: 'not the password at all' });
    expect([wrong.status, wrong.body.code, wrong.body.message]).toEqual([401, 'UNAUTHENTICATED', 'wrong email or password']);
    const unknown = await post('/api/v1/auth/login', { email: `nobody-${run}@hardening.test`, password: 'not the password at all' });
    expect([unknown.status, unknown.body.code, unknown.body.message]).toEqual([401, 'UNAUTHENTICATED', 'wrong email or password']);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('duplicate email: 409', async () => {
    const again = await post('/api/v1/auth/signup', { email: tenant.email.toUpperCase(), password: 'another long password', name: 'Twin', organisationName: 'Twin org' });
    expect([again.status, again.body.code, again.body.message]).toEqual([409, 'CONFLICT', 'an account with this email already exists']);
  });

  it('no cookie, a tampered cookie, a signed-out session and an expired session: 401 each', async () => {
    const none = await call('GET', '/api/v1/traces');
    expect([none.status, none.body.message]).toEqual([401, 'not signed in']);
    const token = tenant.owner.cookie.split('=')[1] ?? '';
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const tampered = await call('GET', '/api/v1/auth/session', { headers: { cookie: `ls_session=${flipped}` } });
    expect([tampered.status, tampered.body.code, tampered.body.message]).toEqual([401, 'UNAUTHENTICATED', 'not signed in']);
    const oversized = await call('GET', '/api/v1/auth/session', { headers: { cookie: `ls_session=${'x'.repeat(4000)}` } });
    expect([oversized.status, oversized.body.message]).toEqual([401, 'not signed in']);

    const second = await ApiSession.login(stack.urls.dashboard, tenant.email, tenant.password);
    expect((await second.post('/api/v1/auth/logout')).status).toBe(204);
    const afterLogout = await second.get<ErrorAnswer>('/api/v1/auth/session');
    expect([afterLogout.status, afterLogout.body.message]).toEqual([401, 'not signed in']);

    // Time passes: the session's lifetime ends (as its stored expiry says).
    const third = await ApiSession.login(stack.urls.dashboard, tenant.email, tenant.password);
    const sessions = storage.configStore.of(SESSION);
    await sessions.modify(GLOBAL_SCOPE, digestSecret(third.cookie.split('=')[1] ?? ''), (s) => ({ ...s, expiresAt: new Date(Date.now() - 1000).toISOString() }));
    const expired = await third.get<ErrorAnswer>('/api/v1/traces');
    expect([expired.status, expired.body.code, expired.body.message]).toEqual([401, 'UNAUTHENTICATED', 'session expired; sign in again']);
    // And it is gone for good, not just late.
    expect((await third.get<ErrorAnswer>('/api/v1/traces')).body.message).toBe('not signed in');
    // An idle session ends the same way.
    const fourth = await ApiSession.login(stack.urls.dashboard, tenant.email, tenant.password);
    await sessions.modify(GLOBAL_SCOPE, digestSecret(fourth.cookie.split('=')[1] ?? ''), (s) => ({ ...s, lastSeenAt: new Date(Date.now() - 13 * 3_600_000).toISOString() }));
    expect((await fourth.get<ErrorAnswer>('/api/v1/traces')).body.message).toBe('session expired; sign in again');
  });

  it('the session cookie is httpOnly, SameSite=Lax and carries only an opaque token', async () => {
    const response = await fetch(`${stack.urls.dashboard}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: tenant.email, password: tenant.password }) });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ls_session=')) ?? '';
    expect(cookie).toMatch(/^ls_session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const body = await response.text();
    expect(body).not.toContain(cookie.split(';')[0]!.split('=')[1]!);
  });

  it('invitations: a reused link is 410, an unknown one 404, one for another email 403', async () => {
    const invitation = await tenant.owner.post<{ token: string }>('/api/v1/invitations', { email: `invitee-${run}@hardening.test`, role: 'viewer' });
    expect(invitation.status).toBe(201);
    secrets.push(invitation.body.token);
    const first = await post('/api/v1/invitations/accept', { token: invitation.body.token, name: 'Invitee', password: 'invitee password 123' });
    expect(first.status).toBe(200);
    const reused = await post('/api/v1/invitations/accept', { token: invitation.body.token, name: 'Invitee', password: 'invitee password 123' });
    expect([reused.status, reused.body.code, reused.body.message]).toEqual([410, 'GONE', 'this invitation has already been used']);
    const lookup = await post('/api/v1/invitations/lookup', { token: invitation.body.token });
    expect([lookup.status, lookup.body.message]).toEqual([410, 'this invitation has already been used']);
    const unknown = await post('/api/v1/invitations/accept', { token: randomBytes(32).toString('base64url'), name: 'Nobody', password: 'nobody password 123' });
    expect([unknown.status, unknown.body.code, unknown.body.message]).toEqual([404, 'NOT_FOUND', 'invitation not found']);
    const forOther = await tenant.owner.post<{ token: string }>('/api/v1/invitations', { email: `someone-else-${run}@hardening.test`, role: 'viewer' });
    const wrongUser = await tenant.owner.post<ErrorAnswer>('/api/v1/invitations/accept', { token: forOther.body.token });
    expect([wrongUser.status, wrongUser.body.message]).toEqual([403, 'this invitation is for another email address']);
  });

  it('malformed, invalid and oversize bodies: 400 and 413 with what is wrong', async () => {
    const malformed = await call('POST', '/api/v1/auth/login', { body: '{"email": "a@b.c", ' });
    expect([malformed.status, malformed.body.code, malformed.body.message]).toEqual([400, 'INVALID_REQUEST', 'malformed JSON body']);
    const invalid = await post('/api/v1/auth/signup', { email: 'not-an-email', password: 'short', name: '', organisationName: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toBe('email: not an email address; password: at least 12 characters; name: required');
    const extra = await post('/api/v1/auth/login', { email: tenant.email, password: 'x', tenantId: 'someone-else' });
    expect([extra.status, extra.body.message]).toEqual([400, 'request: Unrecognized key: "tenantId"']);
    const oversize = await post('/api/v1/auth/login', { email: tenant.email, password: 'x'.repeat(300 * 1024) });
    expect([oversize.status, oversize.body.code, oversize.body.message]).toEqual([413, 'PAYLOAD_TOO_LARGE', 'request body exceeds 262144 bytes']);
    const wrongProject = await tenant.owner.post<ErrorAnswer>('/api/v1/projects', { id: 'Bad Id!', name: 'x' });
    expect([wrongProject.status, wrongProject.body.message]).toEqual([400, 'id: 2–40 lower-case letters, digits and dashes, starting with a letter or digit']);
  });

  it('CSRF: a cookie-authenticated write needs the session’s token and our own origin', async () => {
    const body = JSON.stringify({ name: 'csrf key' });
    const headers = { cookie: tenant.owner.cookie, 'x-linkscope-org': tenant.organisationId, 'x-linkscope-project': tenant.projectId };
    const missing = await call('POST', '/api/v1/ingest-keys', { body, headers });
    expect([missing.status, missing.body.code, missing.body.message]).toEqual([403, 'FORBIDDEN', 'missing or wrong CSRF token (x-linkscope-csrf)']);
    const wrong = await call('POST', '/api/v1/ingest-keys', { body, headers: { ...headers, 'x-linkscope-csrf': 'guess' } });
    expect([wrong.status, wrong.body.message]).toEqual([403, 'missing or wrong CSRF token (x-linkscope-csrf)']);
    const crossOrigin = await call('POST', '/api/v1/ingest-keys', { body, headers: { ...headers, 'x-linkscope-csrf': tenant.owner.session.csrfToken, origin: 'https://evil.example' } });
    expect([crossOrigin.status, crossOrigin.body.message]).toEqual([403, 'cross-origin request refused']);
    const crossLogin = await post('/api/v1/auth/logout', {}, { cookie: tenant.owner.cookie, origin: 'https://evil.example' });
    expect(crossLogin.status).toBe(403);
    const keys = await tenant.owner.get<{ keys: { name: string }[] }>('/api/v1/ingest-keys');
    expect(keys.body.keys.map((k) => k.name)).not.toContain('csrf key');
    const good = await call('POST', '/api/v1/ingest-keys', { body, headers: { ...headers, 'x-linkscope-csrf': tenant.owner.session.csrfToken } });
    expect(good.status).toBe(201);
    secrets.push((good.body as unknown as { secret: string }).secret);
  });

  it('password change: the current password is checked, other sessions end, the new password works', async () => {
    const other = await ApiSession.login(stack.urls.dashboard, tenant.email, tenant.password);
    const current = await ApiSession.login(stack.urls.dashboard, tenant.email, tenant.password);
    const refused = await current.post<ErrorAnswer>('/api/v1/auth/password', { currentPassword: 'wrong wrong wrong', newPassword: 'a new long password' });
    expect([refused.status, refused.body.message]).toEqual([403, 'the current password is wrong']);
    const newPassword = `new-${randomBytes(12).toString('base64url')}`;
    secrets.push(newPassword);
    expect((await current.post('/api/v1/auth/password', { currentPassword: tenant.password, newPassword })).status).toBe(204);
    expect((await other.get('/api/v1/auth/session')).status).toBe(401);
    expect((await current.get('/api/v1/auth/session')).status).toBe(200);
    owner = current.in(tenant.organisationId, tenant.projectId);
    expect((await post('/api/v1/auth/login', { email: tenant.email, password: tenant.password })).status).toBe(401);
    expect((await post('/api/v1/auth/login', { email: tenant.email, password: newPassword })).status).toBe(200);
  });

  it('login is rate-limited per account (10 failures) and per client address (100 attempts), with Retry-After', async () => {
    const victim = await createTenant(stack.urls.dashboard, 'victim', run);
    secrets.push(victim.password);
    for (let i = 0; i < 10; i += 1) {
      const attempt = await post('/api/v1/auth/login', { email: victim.email, password: `guess number ${i}` }, { 'x-forwarded-for': `198.51.100.${i + 1}` });
      expect(attempt.status).toBe(401);
    }
    // From yet another address, with the right password: the account is locked for the window.
    const locked = await post('/api/v1/auth/login', { email: victim.email, password: victim.password }, { 'x-forwarded-for': '198.51.100.99' });
    expect([locked.status, locked.body.code, locked.body.message]).toEqual([429, 'RATE_LIMITED', 'too many failed logins for this account; try again later']);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);

    const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    let firstRefused = -1;
    for (let i = 0; i < 101 && firstRefused < 0; i += 1) {
      const attempt = await post('/api/v1/auth/login', { email: `spray-${i}-${run}@hardening.test`, password: 'password spraying' }, { 'x-forwarded-for': address });
      if (attempt.status === 429) {
        firstRefused = i;
        expect(attempt.body.message).toBe('too many login attempts from this address; try again later');
      } else expect(attempt.status).toBe(401);
    }
    expect(firstRefused).toBe(100);
    // Another address is not affected.
    expect((await post('/api/v1/auth/login', { email: tenant.email, password: 'wrong again, other address' }, { 'x-forwarded-for': '192.0.2.7' })).status).toBe(401);
  }, 120_000);

  it('security headers on api answers and on the dashboard; no-store on the api', async () => {
    for (const urlPath of ['/api/healthz', '/api/v1/traces', '/', '/login']) {
      const answer = await call('GET', urlPath);
      const h = answer.headers;
      expect(h.get('content-security-policy'), urlPath).toContain("default-src 'self'");
      expect(h.get('content-security-policy'), urlPath).toContain("frame-ancestors 'none'");
      expect(h.get('x-content-type-options'), urlPath).toBe('nosniff');
      expect(h.get('x-frame-options'), urlPath).toBe('DENY');
      expect(h.get('referrer-policy'), urlPath).toBe('no-referrer');
      expect(h.get('x-powered-by'), urlPath).toBeNull();
      if (urlPath.startsWith('/api/')) expect(h.get('cache-control'), urlPath).toBe('no-store');
    }
  });

  it('no secret in any later answer: keys and tokens list prefixes, channels hide their secrets, sessions and members hold no hashes', async () => {
    const channel = await owner.post<{ id: string }>('/api/v1/alert-channels', { name: 'hook', type: 'webhook', settings: { url: 'https://hooks.hardening.test/x' }, secrets: { hmacSecret: `hmac-${run}-0123456789` } });
    expect(channel.status).toBe(201);
    secrets.push(`hmac-${run}-0123456789`);
    const token = await owner.post<{ secret: string }>('/api/v1/api-tokens', { name: 'ci', role: 'viewer' });
    secrets.push(token.body.secret);
    const reads = await Promise.all(
      ['/api/v1/ingest-keys', '/api/v1/api-tokens', '/api/v1/alert-channels', `/api/v1/alert-channels/${channel.body.id}`, '/api/v1/members', '/api/v1/invitations', '/api/v1/auth/session', '/api/v1/audit'].map((p) =>
        owner.get(p),
      ),
    );
    const text = reads.map((r) => JSON.stringify(r.body)).join('\n');
    for (const secret of secrets) if (secret) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/passwordHash|\$argon2id|secretDigest/);
    const keys = reads[0]!.body as { keys: { prefix: string }[] };
    expect(keys.keys[0]?.prefix).toMatch(/^ls_ik_[A-Za-z0-9_-]{4,8}$/);
  });

  it('no secret in any app’s log', () => {
    const logs = ['api', 'collector', 'worker'].map((app) => path.join(stack.logDir, `test-${app}.log`)).filter((file) => existsSync(file));
    expect(logs.length).toBeGreaterThan(0);
    const text = logs.map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const secret of [...secrets, ...logOnly]) if (secret) expect(text.includes(secret), `a secret of length ${secret.length} is in the logs`).toBe(false);
  });
});
