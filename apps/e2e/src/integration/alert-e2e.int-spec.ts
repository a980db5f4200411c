import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import * as path from 'node:path';
import { ChannelReceivers, type ReceivedMessage } from '@linkscope/alerting';
import { waitFor } from '@linkscope/devstack';
import type { AlertView } from '@linkscope/domain';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session';
import { eventually } from './test-stack';

/**
 * Alerting end to end on the real stack: the demo shop's `error-burst` fault switched on raises an
 * alert from the five-layer rollups that reaches local WeCom, DingTalk, Feishu and webhook
 * receivers (each checking signatures and bodies as the real service does), naming the failing
 * catalogue route and, for the gateway route above it, the catalogue call as the suspect. The
 * alerting worker is SIGKILLed and replaced mid-incident: no message is sent twice. Switching the
 * fault off brings one resolved message per alert and channel.
 *
 * The global stack runs with alerting off; this spec runs the alerting workers itself, so it can
 * kill one.
 */
const stack = inject('stack');
const repo = path.resolve(__dirname, '..', '..', '..', '..');
const api = stack.urls.dashboard;
const receivers = new ChannelReceivers({
  webhooks: { oncall: 'webhook-signing-secret-0123' },
  dingtalk: { 'ding-token': 'SEC-ding-sign-secret' },
  feishu: { 'feishu-hook-token': 'feishu-sign-secret' },
  wecomKeys: ['wecom-robot-key'],
});
const workers = new Set<ChildProcess>();
const CATALOGUE = 'demo-catalogue GET /products';
const GATEWAY = 'demo-gateway GET /api/products';

function startAlertingWorker(name: string): Promise<ChildProcess> {
  const logFile = path.join(repo, '.linkscope', 'logs', `test-alert-e2e-${name}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, [path.join(repo, 'apps', 'worker', 'dist', 'main.js')], {
    env: { ...process.env, ...stack.env, ALERTING_ENABLED: 'true', ALERT_EVAL_EVERY_MS: '5000' },
    stdio: ['ignore', out, out],
  });
  workers.add(child);
  child.once('exit', () => workers.delete(child));
  return eventually(async () => {
    if (child.exitCode !== null) throw new Error(`alerting worker exited with ${child.exitCode}; see ${logFile}`);
    const { readFileSync } = await import('node:fs');
    return readFileSync(logFile, 'utf8').includes('alerting started') ? child : undefined;
  }, 'the alerting worker to start');
}

let session: ApiSession | undefined;

/** The api as the demo organisation's owner (signed in, CSRF token on writes). */
async function call<T>(method: string, route: string, body?: unknown): Promise<T> {
  session ??= await ApiSession.login(api, stack.demoLogin.email, stack.demoLogin.password);
  const answer = await session.request<T>(method, route, body);
  if (answer.status < 200 || answer.status >= 300) throw new Error(`${method} ${route}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function setFault(enabled: boolean): Promise<void> {
  const response = await fetch(`${stack.urls.gateway}/faults/error-burst`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
  expect(response.ok).toBe(true);
}

interface WebhookAlert {
  status: string;
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** The webhook's alerts with a given status, one entry per (message, alert). */
function webhookAlerts(status: 'firing' | 'resolved'): WebhookAlert[] {
  return receivers
    .of('webhook')
    .filter((m) => (m.body as { status: string }).status === status)
    .flatMap((m) => (m.body as { alerts: WebhookAlert[] }).alerts.filter((a) => a.status === status));
}

function markdownOf(m: ReceivedMessage): string {
  const body = m.body as { markdown?: { text?: string; content?: string }; card?: unknown; content?: unknown };
  return body.markdown?.text ?? body.markdown?.content ?? JSON.stringify(body.card ?? body.content ?? body);
}

let stopTraffic = false;
let traffic: Promise<void> = Promise.resolve();
let ruleId = '';

beforeAll(async () => {
  const base = await receivers.start();
  // This project's alerting configuration belongs to this spec: earlier runs' rules and channels go.
  for (const r of (await call<{ rules: { id: string }[] }>('GET', '/api/v1/alert-rules')).rules) await call('DELETE', `/api/v1/alert-rules/${r.id}`);
  for (const c of (await call<{ channels: { id: string }[] }>('GET', '/api/v1/alert-channels')).channels) await call('DELETE', `/api/v1/alert-channels/${c.id}`);
  const channels = [
    { name: 'on-call webhook', type: 'webhook', settings: { url: `${base}/hook/oncall` }, secrets: { hmacSecret: 'webhook-signing-secret-0123' } },
    { name: 'DingTalk ops', type: 'dingtalk', settings: { baseUrl: base }, secrets: { accessToken: 'ding-token', signSecret: 'SEC-ding-sign-secret' } },
    { name: 'Feishu ops', type: 'feishu', settings: { baseUrl: base }, secrets: { hookToken: 'feishu-hook-token', signSecret: 'feishu-sign-secret' } },
    { name: 'WeCom ops', type: 'wecom', settings: { baseUrl: base }, secrets: { key: 'wecom-robot-key' } },
  ];
  const ids: string[] = [];
  for (const c of channels) ids.push((await call<{ id: string }>('POST', '/api/v1/alert-channels', c)).id);
  const rule = await call<{ id: string }>('POST', '/api/v1/alert-rules', {
    name: 'URI error rate',
    layer: 'uri',
    entity: null,
    metric: { kind: 'error_rate' },
    condition: { type: 'threshold', op: '>', value: 0.1 },
    windowSeconds: 60,
    forSeconds: 0,
    minRequests: 20,
    severity: 'critical',
    labels: { team: 'shop' },
    channelIds: ids,
  });
  ruleId = rule.id;
  await startAlertingWorker('a');
  // Shoppers browsing the product list: about 10 requests a second through the gateway.
  traffic = (async () => {
    while (!stopTraffic) {
      await Promise.all(Array.from({ length: 3 }, () => fetch(`${stack.urls.gateway}/api/products`).then((r) => r.arrayBuffer(), () => undefined)));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
}, 120_000);

afterAll(async () => {
  stopTraffic = true;
  await traffic;
  await setFault(false).catch(() => undefined);
  for (const w of workers) w.kill('SIGTERM');
  await waitFor(async () => workers.size === 0, 10_000, 100);
  for (const w of workers) w.kill('SIGKILL');
  if (ruleId) await call('DELETE', `/api/v1/alert-rules/${ruleId}`).catch(() => undefined);
  await receivers.stop();
});

describe('alerting on the real stack', () => {
  it('error-burst on: one firing message per channel naming the catalogue route and the suspect call; a worker restart sends nothing twice; off: one resolved message', async () => {
    // Healthy traffic first: the rule sees requests and stays quiet.
    await new Promise((r) => setTimeout(r, 15_000));
    expect(receivers.received).toEqual([]);

    await setFault(true);
    const faultOnMs = Date.now();
    const firstFiring = await eventually(async () => webhookAlerts('firing').find((a) => a.labels['entity'] === CATALOGUE), 'the firing webhook for the catalogue route', 60_000);
    const webhookAtMs = receivers.of('webhook').find((m) => (m.body as { status: string }).status === 'firing')?.atMs ?? 0;
    console.log(`alert e2e: fault on → firing webhook received after ${webhookAtMs - faultOnMs} ms`);
    expect(webhookAtMs - faultOnMs).toBeLessThan(30_000);

    expect(firstFiring.labels).toMatchObject({ alertname: 'URI error rate', severity: 'critical', layer: 'uri', team: 'shop', rule_id: ruleId });
    expect(firstFiring.annotations['dominant_error']).toMatch(/^500 × \d+$/);
    expect(firstFiring.annotations['dashboard_url']).toMatch(/\/layers\/uri\?entity=demo-catalogue%1FGET%1F%2Fproducts&from=\d+&to=\d+$/);
    expect(firstFiring.annotations['example_trace_ids']).toMatch(/^[0-9a-f]{32}/);
    // The gateway route fails because its catalogue call fails: that call is the suspect.
    const gatewayFiring = await eventually(async () => webhookAlerts('firing').find((a) => a.labels['entity'] === GATEWAY), 'the firing webhook for the gateway route', 30_000);
    expect(gatewayFiring.annotations['suspect_layer']).toBe('interface');
    expect(gatewayFiring.annotations['suspect_entity']).toContain('demo-gateway demo-catalogue GET /products');

    // Every chat channel got it too, and accepted the signature (nothing refused).
    for (const service of ['dingtalk', 'feishu', 'wecom'] as const) {
      const firing = await eventually(async () => receivers.of(service).find((m) => markdownOf(m).includes(CATALOGUE)), `the ${service} message`, 30_000);
      expect(markdownOf(firing)).toMatch(/FIRING|firing/);
    }
    expect(receivers.refused).toEqual([]);

    // Kill the alerting worker mid-incident (no clean shutdown) and start another — once the
    // firing messages are recorded as sent. A kill between a provider's answer and that record
    // sends the message again after the lock expires: the at-least-once edge ADR 0013 names
    // (webhooks carry an Idempotency-Key for it); this test is about a restart during the incident.
    await eventually(async () => {
      const { alerts } = await call<{ alerts: AlertView[] }>('GET', '/api/v1/alerts');
      const firing = alerts.filter((a) => a.ruleId === ruleId && (a.entity === CATALOGUE || a.entity === GATEWAY));
      const recorded = firing.length === 2 && firing.every((a) => a.notifications.some((n) => n.kind === 'firing') && a.notifications.every((n) => n.kind !== 'firing' || n.status === 'sent'));
      return recorded ? true : undefined;
    }, 'the firing notifications recorded as sent', 30_000);
    const [first] = [...workers];
    first?.kill('SIGKILL');
    await waitFor(async () => workers.size === 0, 10_000, 50);
    await startAlertingWorker('b');
    await new Promise((r) => setTimeout(r, 20_000)); // four evaluation rounds with the fault still on

    const firingPerEntity = (entity: string) => webhookAlerts('firing').filter((a) => a.labels['entity'] === entity).length;
    expect(firingPerEntity(CATALOGUE)).toBe(1);
    expect(firingPerEntity(GATEWAY)).toBe(1);
    for (const service of ['dingtalk', 'feishu', 'wecom'] as const) {
      expect(receivers.of(service).filter((m) => markdownOf(m).includes(CATALOGUE))).toHaveLength(1);
    }

    await setFault(false);
    const resolved = await eventually(async () => webhookAlerts('resolved').find((a) => a.labels['entity'] === CATALOGUE), 'the resolved webhook for the catalogue route', 180_000);
    expect(resolved.fingerprint).toBe(firstFiring.fingerprint);
    await eventually(async () => webhookAlerts('resolved').find((a) => a.labels['entity'] === GATEWAY), 'the resolved webhook for the gateway route', 30_000);
    await new Promise((r) => setTimeout(r, 6_000)); // one more round: nothing else arrives
    expect(webhookAlerts('resolved').filter((a) => a.labels['entity'] === CATALOGUE)).toHaveLength(1);
    expect(webhookAlerts('firing').filter((a) => a.labels['entity'] === CATALOGUE)).toHaveLength(1);
    expect(receivers.refused).toEqual([]);

    // The history shows the incident resolved, with every channel's delivery sent.
    const history = await call<{ alerts: AlertView[] }>('GET', '/api/v1/alerts');
    const incident = history.alerts.find((a) => a.ruleId === ruleId && a.entity === CATALOGUE);
    expect(incident?.state).toBe('resolved');
    const sent = (incident?.notifications ?? []).filter((n) => n.status === 'sent');
    expect(new Set(sent.map((n) => `${n.channelType}:${n.kind}`))).toEqual(
      new Set(['webhook', 'dingtalk', 'feishu', 'wecom'].flatMap((t) => [`${t}:firing`, `${t}:resolved`])),
    );
  }, 420_000);
});
