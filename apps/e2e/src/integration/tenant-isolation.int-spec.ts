import { randomBytes } from 'node:crypto';
import type { AlertRule, ChannelView, LayerEntityListResponse, Silence, TraceDetailResponse, TraceListResponse, TraceSearchResponse } from '@linkscope/domain';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiAnswer, ApiSession } from './api-session';
import { type TestTenant, addMember, createTenant, runId, sendAccessLogMinute, sendSpans } from './tenant-fixture';
import { eventually } from './test-stack';

const stack = inject('stack');

/**
 * Two organisations on the same stack and the same indices, each with a project called "shop"
 * (ids are unique only within an organisation, so a filter on the project alone would mix them).
 * Every read and write route is called by organisation B against organisation A's ids and data:
 * the answer is 404 or an empty result, never A's data, and A's data is unchanged afterwards.
 * A storage function that forgot the tenant filter would hand B the documents asked for by id.
 */
describe('tenant isolation through the real api, collector, worker and Elasticsearch', () => {
  const run = runId();
  let a: TestTenant;
  let b: TestTenant;
  /** Organisation B's viewer: the least privileged reader, who still must not see A. */
  let bViewer: ApiSession;
  const traceA = randomBytes(16).toString('hex');
  const traceB = randomBytes(16).toString('hex');
  const serviceA = `iso-a-${run}`;
  const serviceB = `iso-b-${run}`;
  const hostA = `a-${run}.example`;
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  const ids = { ruleA: '', channelA: '', silenceA: '', businessRuleA: '', tokenA: '', invitationA: '', memberA: '' };
  let traceAStart = 0;

  const json = (answer: ApiAnswer) => JSON.stringify(answer.body);

  beforeAll(async () => {
    [a, b] = await Promise.all([createTenant(stack.urls.dashboard, 'alpha', run), createTenant(stack.urls.dashboard, 'bravo', run)]);
    bViewer = await addMember(stack.urls.dashboard, b, 'viewer', `viewer-${run}@bravo.test`);

    expect(await sendSpans(stack.urls.collector, a.ingestKey.secret, { traceId: traceA, service: serviceA, route: '/alpha/{id}' })).toBe(200);
    // B's telemetry claims to be A's in every way a body could: resource attributes name A's organisation and project.
    expect(
      await sendSpans(stack.urls.collector, b.ingestKey.secret, {
        traceId: traceB,
        service: serviceB,
        route: '/bravo/{id}',
        resourceAttributes: { tenant_id: a.organisationId, 'linkscope.tenant': a.organisationId, project_id: a.projectId, 'linkscope.project': a.projectId },
      }),
    ).toBe(200);
    expect(await sendAccessLogMinute(stack.urls.collector, a.ingestKey.secret, hostA, minute)).toBe(200);

    // Configuration of A: a rule, a channel, a silence, a business rule, an API token, an invitation and a member.
    const channel = await a.owner.post<ChannelView>('/api/v1/alert-channels', { name: 'alpha hook', type: 'webhook', settings: { url: 'https://hooks.alpha.test/x' }, secrets: { hmacSecret: 'alpha-hmac-secret-0123456789' } });
    expect(channel.status, json(channel)).toBe(201);
    ids.channelA = channel.body.id;
    const rule = await a.owner.post<AlertRule>('/api/v1/alert-rules', {
      name: 'alpha errors',
      layer: 'uri',
      metric: { kind: 'error_rate' },
      condition: { type: 'threshold', op: '>', value: 0.5 },
      channelIds: [ids.channelA],
    });
    expect(rule.status, json(rule)).toBe(201);
    ids.ruleA = rule.body.id;
    const silence = await a.owner.post<Silence>('/api/v1/silences', { matchers: [{ name: 'alertname', value: 'alpha errors' }], startsAtMs: Date.now(), endsAtMs: Date.now() + 3_600_000 });
    expect(silence.status, json(silence)).toBe(201);
    ids.silenceA = silence.body.id;
    const businessRule = await a.owner.post<{ id: string }>('/api/v1/business-rules', { name: 'alpha checkout', match: { service: serviceA } });
    expect(businessRule.status, json(businessRule)).toBe(201);
    ids.businessRuleA = businessRule.body.id;
    const token = await a.owner.post<{ token: { id: string } }>('/api/v1/api-tokens', { name: 'alpha ci', role: 'viewer' });
    expect(token.status, json(token)).toBe(201);
    ids.tokenA = token.body.token.id;
    const invitation = await a.owner.post<{ invitation: { id: string } }>('/api/v1/invitations', { email: `pending-${run}@alpha.test`, role: 'member' });
    expect(invitation.status, json(invitation)).toBe(201);
    ids.invitationA = invitation.body.invitation.id;
    await addMember(stack.urls.dashboard, a, 'member', `member-${run}@alpha.test`);
    const members = await a.owner.get<{ members: { userId: string; email: string }[] }>('/api/v1/members');
    ids.memberA = members.body.members.find((m) => m.email === `member-${run}@alpha.test`)?.userId ?? '';
    expect(ids.memberA).not.toBe('');

    // Positive controls: each organisation sees its own trace, so an empty answer below means "filtered", not "not there yet".
    for (const [tenant, traceId] of [
      [a, traceA],
      [b, traceB],
    ] as const) {
      const detail = await eventually(async () => {
        const answer = await tenant.owner.get<TraceDetailResponse>(`/api/v1/traces/${traceId}`);
        return answer.status === 200 ? answer.body : undefined;
      }, `${tenant.label}'s own trace`);
      if (tenant === a) traceAStart = Math.floor(Math.min(...detail.spans.map((s) => Number(s.startEpochNs))) / 1e6);
    }
    await eventually(async () => {
      const hits = await a.owner.get<TraceSearchResponse>(`/api/v1/traces/search?q=${encodeURIComponent(`service=${serviceA}`)}&lookbackMinutes=30`);
      return hits.body.traces?.some((t) => t.traceId === traceA) ? true : undefined;
    }, "A's trace in A's search");
    await eventually(async () => {
      const entities = await a.owner.get<LayerEntityListResponse>(`/api/v1/layers/uri/entities?fromMs=${Date.now() - 30 * 60_000}&toMs=${Date.now() + 60_000}&limit=1000`);
      return entities.body.entities?.some((e) => e.key.includes(serviceA)) ? true : undefined;
    }, "A's URI entity in A's layer view");
    await eventually(async () => {
      const summary = await a.owner.get<{ totals: { count: number } }>(`/api/v1/access-logs/summary?fromMs=${minute}&toMs=${minute + 60_000}&host=${hostA}`);
      return summary.body.totals?.count === 3 ? true : undefined;
    }, "A's access-log minute in A's summary");
  }, 180_000);

  it('telemetry cannot select a tenant: B’s spans naming A in their attributes are stored under B only', async () => {
    expect((await a.owner.get(`/api/v1/traces/${traceB}`)).status).toBe(404);
    const own = await b.owner.get<TraceDetailResponse>(`/api/v1/traces/${traceB}`);
    expect(own.status).toBe(200);
    expect(own.body.spans.map((s) => s.serviceName)).toEqual([serviceB]);
  });

  it('traces: by id, analysis, logs, compare, list, search and aggregate give B nothing of A', async () => {
    for (const reader of [b.owner, bViewer]) {
      const byId = await reader.get(`/api/v1/traces/${traceA}?startEpochMs=${traceAStart}`);
      expect(byId.status, json(byId)).toBe(404);
      expect(json(byId)).not.toContain(serviceA);
      const analysis = await reader.get(`/api/v1/traces/${traceA}/analysis?startEpochMs=${traceAStart}`);
      expect(analysis.status).toBe(404);
      const logs = await reader.get(`/api/v1/traces/${traceA}/logs?startEpochMs=${traceAStart}`);
      expect([200, 404]).toContain(logs.status);
      expect(json(logs)).not.toContain(traceA.slice(0, 16));
      const compare = await reader.get(`/api/v1/traces/compare?base=${traceA}&other=${traceB}`);
      expect(compare.status).toBe(404);
      expect(json(compare)).not.toContain(serviceA);
      const list = await reader.get<TraceListResponse>('/api/v1/traces?lookbackMinutes=60&limit=200');
      expect(list.status).toBe(200);
      expect(list.body.traces.map((t) => t.traceId)).not.toContain(traceA);
      const listByService = await reader.get<TraceListResponse>(`/api/v1/traces?lookbackMinutes=60&service=${serviceA}`);
      expect(listByService.body.traces).toEqual([]);
      const search = await reader.get<TraceSearchResponse>(`/api/v1/traces/search?q=${encodeURIComponent(`service=${serviceA}`)}&lookbackMinutes=30`);
      expect(search.status).toBe(200);
      expect(search.body.traces).toEqual([]);
      const searchAll = await reader.get<TraceSearchResponse>('/api/v1/traces/search?lookbackMinutes=30&limit=200');
      expect(searchAll.body.traces.map((t) => t.traceId)).not.toContain(traceA);
      const aggregate = await reader.get(`/api/v1/traces/aggregate?service=${serviceA}&route=${encodeURIComponent('/alpha/{id}')}&lookbackMinutes=30`);
      expect(aggregate.status, json(aggregate)).toBe(200);
      expect((aggregate.body as { traceCount: number }).traceCount).toBe(0);
      expect(json(aggregate)).not.toContain(traceA);
    }
  });

  it('layer views and access-log summaries give B none of A’s entities or minutes', async () => {
    const window = `fromMs=${Date.now() - 30 * 60_000}&toMs=${Date.now() + 60_000}`;
    for (const layer of ['business', 'uri', 'interface', 'component', 'infrastructure']) {
      const entities = await bViewer.get<LayerEntityListResponse>(`/api/v1/layers/${layer}/entities?${window}&limit=1000`);
      expect(entities.status, json(entities)).toBe(200);
      expect(json(entities)).not.toContain(serviceA);
    }
    const overview = await bViewer.get(`/api/v1/layers/overview?${window}`);
    expect(overview.status).toBe(200);
    expect(json(overview)).not.toContain(serviceA);
    const aKey = (await a.owner.get<LayerEntityListResponse>(`/api/v1/layers/uri/entities?${window}&limit=1000`)).body.entities.find((e) => e.key.includes(serviceA))?.key ?? '';
    expect(aKey).not.toBe('');
    const series = await bViewer.get<{ points: { count: number }[] }>(`/api/v1/layers/uri/series?${window}&key=${encodeURIComponent(aKey)}`);
    expect(series.status).toBe(200);
    expect(series.body.points.reduce((sum, p) => sum + p.count, 0)).toBe(0);
    const traces = await bViewer.get<TraceListResponse>(`/api/v1/layers/uri/traces?${window}&key=${encodeURIComponent(aKey)}`);
    expect(traces.body.traces ?? []).toEqual([]);
    const summary = await bViewer.get<{ totals: { count: number }; minutes: unknown[] }>(`/api/v1/access-logs/summary?fromMs=${minute}&toMs=${minute + 60_000}&host=${hostA}`);
    expect(summary.status).toBe(200);
    expect(summary.body.totals.count).toBe(0);
    expect(summary.body.minutes).toEqual([]);
  });

  it('alert rules, channels, silences, alerts and business rules of A are 404 to B for every read and write', async () => {
    const expect404 = async (answer: Promise<ApiAnswer>, what: string) => {
      const done = await answer;
      expect(done.status, `${what}: ${json(done)}`).toBe(404);
      expect(json(done), what).not.toContain('alpha');
    };
    const owner = b.owner;
    await expect404(owner.get(`/api/v1/alert-rules/${ids.ruleA}`), 'get rule');
    await expect404(owner.request('PATCH', `/api/v1/alert-rules/${ids.ruleA}`, { name: 'taken over', layer: 'uri', metric: { kind: 'error_rate' }, condition: { type: 'threshold', op: '>', value: 0.9 } }), 'patch rule');
    await expect404(owner.post(`/api/v1/alert-rules/${ids.ruleA}/enabled`, { enabled: false }), 'disable rule');
    await expect404(owner.request('DELETE', `/api/v1/alert-rules/${ids.ruleA}`), 'delete rule');
    await expect404(owner.get(`/api/v1/alert-channels/${ids.channelA}`), 'get channel');
    await expect404(owner.request('PATCH', `/api/v1/alert-channels/${ids.channelA}`, { name: 'taken over', type: 'webhook', settings: { url: 'https://hooks.bravo.test/y' } }), 'patch channel');
    await expect404(owner.post(`/api/v1/alert-channels/${ids.channelA}/test`), 'test channel');
    await expect404(owner.request('DELETE', `/api/v1/alert-channels/${ids.channelA}`), 'delete channel');
    await expect404(owner.post(`/api/v1/silences/${ids.silenceA}/expire`), 'expire silence');
    await expect404(owner.get(`/api/v1/business-rules/${ids.businessRuleA}`), 'get business rule');
    await expect404(owner.request('PUT', `/api/v1/business-rules/${ids.businessRuleA}`, { name: 'taken over', match: { service: 'x' } }), 'replace business rule');
    await expect404(owner.request('DELETE', `/api/v1/business-rules/${ids.businessRuleA}`), 'delete business rule');
    // A rule of B cannot point at A's channel either.
    const borrowing = await owner.post('/api/v1/alert-rules', { name: 'borrow', layer: 'uri', metric: { kind: 'error_rate' }, condition: { type: 'threshold', op: '>', value: 1 }, channelIds: [ids.channelA] });
    expect([400, 404]).toContain(borrowing.status);

    for (const [path, key] of [
      ['/api/v1/alert-rules', 'rules'],
      ['/api/v1/alert-channels', 'channels'],
      ['/api/v1/silences', 'silences'],
      ['/api/v1/business-rules', 'rules'],
      ['/api/v1/alerts', 'alerts'],
    ] as const) {
      const list = await bViewer.get<Record<string, unknown[]>>(path);
      expect(list.status, path).toBe(200);
      expect(Array.isArray(list.body[key]), path).toBe(true);
      expect(json(list), path).not.toContain('alpha');
    }
    // A's objects are untouched.
    const rule = await a.owner.get<AlertRule>(`/api/v1/alert-rules/${ids.ruleA}`);
    expect([rule.status, rule.body.name, rule.body.enabled]).toEqual([200, 'alpha errors', true]);
    expect((await a.owner.get(`/api/v1/alert-channels/${ids.channelA}`)).status).toBe(200);
    expect((await a.owner.get(`/api/v1/business-rules/${ids.businessRuleA}`)).status).toBe(200);
    const silences = await a.owner.get<{ silences: Silence[] }>('/api/v1/silences');
    expect(silences.body.silences.find((s) => s.id === ids.silenceA)?.endsAtMs).toBeGreaterThan(Date.now());
  });

  it('keys, tokens, invitations, members and the audit log of A are out of B’s reach', async () => {
    const owner = b.owner;
    expect((await owner.post(`/api/v1/ingest-keys/${a.ingestKey.view.id}/rotate`)).status).toBe(404);
    expect((await owner.request('DELETE', `/api/v1/ingest-keys/${a.ingestKey.view.id}`)).status).toBe(404);
    expect((await owner.request('DELETE', `/api/v1/api-tokens/${ids.tokenA}`)).status).toBe(404);
    expect((await owner.request('DELETE', `/api/v1/invitations/${ids.invitationA}`)).status).toBe(404);
    expect((await owner.request('PATCH', `/api/v1/members/${ids.memberA}`, { role: 'owner' })).status).toBe(404);
    expect((await owner.request('DELETE', `/api/v1/members/${ids.memberA}`)).status).toBe(404);
    for (const path of ['/api/v1/ingest-keys', '/api/v1/api-tokens', '/api/v1/invitations', '/api/v1/members', '/api/v1/projects', '/api/v1/audit']) {
      const list = await owner.get(path);
      expect(list.status, path).toBe(200);
      expect(json(list), path).not.toContain('alpha');
      expect(json(list), path).not.toContain(a.organisationId);
    }
    // A still has its key, token, invitation and member.
    expect((await a.owner.get<{ keys: { id: string; revokedAt: string | null }[] }>('/api/v1/ingest-keys')).body.keys.find((k) => k.id === a.ingestKey.view.id)?.revokedAt).toBeNull();
    expect(json(await a.owner.get('/api/v1/api-tokens'))).toContain(ids.tokenA);
    expect(json(await a.owner.get('/api/v1/invitations'))).toContain(ids.invitationA);
    expect(json(await a.owner.get('/api/v1/members'))).toContain(ids.memberA);
  });

  it('naming A’s organisation or project in headers is refused: 403 for a non-member, 404 for a project not in B', async () => {
    const intoA = b.owner.in(a.organisationId, a.projectId);
    for (const path of ['/api/v1/traces', `/api/v1/traces/${traceA}`, '/api/v1/alert-rules', '/api/v1/members', '/api/v1/ingest-keys']) {
      const answer = await intoA.get(path);
      expect(answer.status, path).toBe(403);
      expect((answer.body as { message: string }).message).toBe('you are not a member of this organisation');
    }
    const otherProject = b.owner.in(b.organisationId, 'no-such-project');
    const answer = await otherProject.get('/api/v1/traces');
    expect([answer.status, (answer.body as { message: string }).message]).toEqual([404, 'project not found']);
    // Switching the session to A is refused as well.
    const select = await b.owner.post('/api/v1/auth/select', { organisationId: a.organisationId });
    expect(select.status).toBe(403);
  });

  it('an API token of A works for A only, and cannot name B', async () => {
    const created = await a.owner.post<{ secret: string }>('/api/v1/api-tokens', { name: 'alpha reader', role: 'viewer' });
    expect(created.status).toBe(201);
    const bearer = { authorization: `Bearer ${created.body.secret}` };
    const own = await fetch(`${stack.urls.dashboard}/api/v1/traces/${traceA}`, { headers: { ...bearer, 'x-linkscope-project': a.projectId } });
    expect(own.status).toBe(200);
    const cross = await fetch(`${stack.urls.dashboard}/api/v1/traces/${traceB}`, { headers: { ...bearer, 'x-linkscope-org': b.organisationId, 'x-linkscope-project': b.projectId } });
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as { message: string }).message).toBe('this API token belongs to another organisation');
    const other = await fetch(`${stack.urls.dashboard}/api/v1/traces/${traceB}`, { headers: { ...bearer, 'x-linkscope-project': a.projectId } });
    expect(other.status).toBe(404);
  });

  it('ingest with a revoked key is refused (at once for a key never used; within the collector’s key cache time otherwise), and a rotated key’s old secret stops working', async () => {
    // A second key, revoked before it was ever used: nothing caches it.
    const fresh = await a.owner.post<{ key: { id: string }; secret: string }>('/api/v1/ingest-keys', { name: 'alpha short-lived' });
    expect((await a.owner.request('DELETE', `/api/v1/ingest-keys/${fresh.body.key.id}`)).status).toBe(200);
    expect(await sendSpans(stack.urls.collector, fresh.body.secret, { traceId: randomBytes(16).toString('hex'), service: serviceA, route: '/revoked' })).toBe(401);

    // The key in use: rotate it, then the old secret is refused once the collector's cache entry ages out (10 s).
    const rotated = await a.owner.post<{ key: { id: string }; secret: string }>(`/api/v1/ingest-keys/${a.ingestKey.view.id}/rotate`);
    expect(rotated.status).toBe(201);
    expect(rotated.body.secret).not.toBe(a.ingestKey.secret);
    expect(await sendSpans(stack.urls.collector, rotated.body.secret, { traceId: randomBytes(16).toString('hex'), service: serviceA, route: '/rotated' })).toBe(200);
    await eventually(async () => ((await sendSpans(stack.urls.collector, a.ingestKey.secret, { traceId: randomBytes(16).toString('hex'), service: serviceA, route: '/old' })) === 401 ? true : undefined), 'the old secret refused', 20_000);

    // Rotation issued a new key (new id) and revoked the old one.
    expect(rotated.body.key.id).not.toBe(a.ingestKey.view.id);
    const revoked = await a.owner.request<{ revokedAt: string | null }>('DELETE', `/api/v1/ingest-keys/${rotated.body.key.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const lateTrace = randomBytes(16).toString('hex');
    await eventually(async () => ((await sendSpans(stack.urls.collector, rotated.body.secret, { traceId: randomBytes(16).toString('hex'), service: serviceA, route: '/late' })) === 401 ? true : undefined), 'the revoked key refused', 20_000);
    expect(await sendSpans(stack.urls.collector, rotated.body.secret, { traceId: lateTrace, service: serviceA, route: '/late' })).toBe(401);
  });
});
