import { randomBytes } from 'node:crypto';
import type { IngestKeyView } from '@linkscope/domain';
import { ApiSession } from './api-session';

/** A tenant made through the api as a customer would: an owner, an organisation, a project and an ingest key. */
export interface TestTenant {
  readonly label: string;
  readonly email: string;
  readonly password: string;
  readonly organisationId: string;
  readonly projectId: string;
  /** The owner, working in this organisation and project. */
  readonly owner: ApiSession;
  readonly ingestKey: { readonly view: IngestKeyView; readonly secret: string };
}

export const runId = (): string => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

function expectStatus(what: string, answer: { status: number; body: unknown }, status: number): void {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}, expected ${status}: ${JSON.stringify(answer.body)}`);
}

/**
 * Signs up `<label>-<run>@<label>.test`, creates the project `projectId` and an ingest key. Two
 * tenants may use the same project id: ids are only unique within an organisation.
 */
export async function createTenant(baseUrl: string, label: string, run: string, projectId = 'shop'): Promise<TestTenant> {
  const email = `${label}-${run}@${label}.test`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const signedUp = await ApiSession.signUp(baseUrl, { email, password, name: `${label} owner`, organisationName: `${label} ${run}` });
  const organisationId = signedUp.session.current.organisationId;
  if (!organisationId) throw new Error('sign-up gave no organisation');
  const inOrg = signedUp.in(organisationId);
  expectStatus('create project', await inOrg.post('/api/v1/projects', { id: projectId, name: `${label} shop` }), 201);
  const owner = signedUp.in(organisationId, projectId);
  const key = await owner.post<{ key: IngestKeyView; secret: string }>('/api/v1/ingest-keys', { name: `${label} key` });
  expectStatus('create ingest key', key, 201);
  return { label, email, password, organisationId, projectId, owner, ingestKey: { view: key.body.key, secret: key.body.secret } };
}

/** Invites `email` with `role` into the tenant's organisation and accepts as a new account; returns the member's session. */
export async function addMember(baseUrl: string, tenant: TestTenant, role: 'admin' | 'member' | 'viewer' | 'owner', email: string): Promise<ApiSession> {
  const invitation = await tenant.owner.post<{ token: string }>('/api/v1/invitations', { email, role });
  expectStatus(`invite ${role}`, invitation, 201);
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const member = await ApiSession.start(baseUrl, '/api/v1/invitations/accept', { token: invitation.body.token, name: `${role} of ${tenant.label}`, password });
  return member.in(tenant.organisationId, tenant.projectId);
}

/** Posts OTLP/JSON spans of one service through the collector with `key`; returns the collector's status. */
export async function sendSpans(collectorUrl: string, key: string, input: { traceId: string; service: string; route: string; resourceAttributes?: Record<string, string> }): Promise<number> {
  const nowNs = BigInt(Date.now() - 2_000) * 1_000_000n;
  const attributes = (record: Record<string, string>) => Object.entries(record).map(([k, v]) => ({ key: k, value: { stringValue: v } }));
  const body = {
    resourceSpans: [
      {
        resource: { attributes: attributes({ 'service.name': input.service, ...input.resourceAttributes }) },
        scopeSpans: [
          {
            scope: { name: 'isolation-spec' },
            spans: [
              {
                traceId: input.traceId,
                spanId: randomBytes(8).toString('hex'),
                name: `GET ${input.route}`,
                kind: 2,
                startTimeUnixNano: String(nowNs),
                endTimeUnixNano: String(nowNs + 25_000_000n),
                status: { code: 0 },
                attributes: attributes({ 'http.request.method': 'GET', 'http.route': input.route, 'url.path': input.route }),
              },
            ],
          },
        ],
      },
    ],
  };
  const response = await fetch(`${collectorUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': key }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

/** Posts one closed minute of access-log statistics for `host` with `key`; returns the collector's status. */
export async function sendAccessLogMinute(collectorUrl: string, key: string, host: string, minuteEpochMs: number): Promise<number> {
  const latency = { count: 3, sumUs: 30_000, maxUs: 12_000, buckets: { '100': 3 } };
  const batch = {
    batchId: `iso/${host}/${minuteEpochMs}/0`,
    agentId: `iso-${host}`,
    file: '/var/log/nginx/access.log',
    minuteEpochMs,
    entries: [{ host, method: 'GET', route: '/isolated/{num}', count: 3, statusCounts: { '200': 3 }, bytes: 900, slowCount: 0, requestTime: latency, upstreamTime: latency }],
    samples: [],
    unparsed: { count: 0, samples: [] },
  };
  const response = await fetch(`${collectorUrl}/v1/accesslogs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-linkscope-ingest-key': key }, body: JSON.stringify(batch) });
  await response.arrayBuffer();
  return response.status;
}
