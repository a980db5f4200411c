// bench:alert — how long from a fault appearing in a service to the alert message arriving.
// Real processes: a service instrumented by preloading the SDK (default export settings) → collector
// → BullMQ → worker (five-layer rollups in Elasticsearch; alert evaluation every 5 s on its job
// scheduler) → notify queue → a local webhook receiver that checks the HMAC signature and the
// Alertmanager v4 body. Each repetition switches a fault on at a known instant on a route of its own
// (a fresh URI entity, so repetitions need not wait for the previous alert to resolve) and
// measures until the receiver accepts the firing message naming that route. Side by side, in the
// same repetition: when the failing requests first show in the rollups the rule reads (the data
// path alone), so the report says how much of the time is ingest and how much is alerting.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { ChannelReceivers, sealChannel, SecretBox } from '@linkscope/alerting';
import { alertRuleInputSchema, channelInputSchema } from '@linkscope/domain';
import { DEV_INGEST_KEY, DEV_SECRETS_KEY, waitFor } from '@linkscope/devstack';
import { Storage, storageConfigFromEnv } from '@linkscope/storage';
import { REPO, flushRedisDb, infra, machine, printJsonLine, seedDevIngestKey, startApp, stopApp } from '../lib/harness.mjs';

const REPS = Math.max(10, Number(process.env.BENCH_ALERT_REPS ?? 10));
const HEALTHY_MS = 10_000;
const REQUESTS_PER_SECOND = 10;
const PORT = 21428; // collector (+1 Zipkin, +2 gRPC); the service PORT + 4
const REDIS_DB = 10;
const PREFIX = 'lsbenchalert';
const SCOPE = { tenantId: 'demo', projectId: 'demo-shop' };
const GOAL_P95_MS = 15_000;
const SERVICE = 'bench-shop';
const HOOK_SECRET = 'bench-webhook-signing-secret';

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const up = await infra();
  const esUrl = up.elasticsearch.url;
  const storage = new Storage(storageConfigFromEnv({ ES_URL: esUrl, ES_INDEX_PREFIX: PREFIX }));
  await storage.purge();
  await storage.ensureTemplates();
  await seedDevIngestKey(esUrl, PREFIX);
  await flushRedisDb(REDIS_DB);

  const receivers = new ChannelReceivers({ webhooks: { bench: HOOK_SECRET } });
  const receiverUrl = await receivers.start();
  const servicePort = PORT + 4;
  const env = {
    REDIS_URL: `redis://127.0.0.1:6379/${REDIS_DB}`,
    ES_URL: esUrl,
    ES_INDEX_PREFIX: PREFIX,
    LINKSCOPE_DEV_INGEST_KEY: DEV_INGEST_KEY,
    LINKSCOPE_SECRETS_KEY: DEV_SECRETS_KEY,
    LINKSCOPE_PUBLIC_URL: 'http://127.0.0.1:8080',
    LOG_LEVEL: 'warn',
  };
  const apps = [];
  apps.push(await startApp(`${REPO}/apps/worker/dist/main.js`, { ...env, ALERTING_ENABLED: 'true' }, async () => true));
  apps.push(
    await startApp(`${REPO}/apps/collector/dist/main.js`, { ...env, COLLECTOR_PORT: String(PORT), COLLECTOR_ZIPKIN_PORT: String(PORT + 1), COLLECTOR_GRPC_PORT: String(PORT + 2) }, async () =>
      (await fetch(`http://127.0.0.1:${PORT}/readyz`).catch(() => null))?.ok === true,
    ),
  );
  const service = spawn(process.execPath, ['-r', '@linkscope/sdk-node/register', `${REPO}/bench/alert/service.cjs`], {
    cwd: REPO,
    env: { ...process.env, OTEL_SERVICE_NAME: SERVICE, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${PORT}`, LINKSCOPE_API_KEY: DEV_INGEST_KEY, BENCH_SERVICE_PORT: String(servicePort) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  apps.push(service);
  const serviceUrl = `http://127.0.0.1:${servicePort}`;
  await waitFor(async () => (await fetch(`${serviceUrl}/rep/warmup`).catch(() => null))?.ok === true, 30_000, 100);

  // The channel and the rule are stored as the api stores them (sealed secret, validated rule).
  const channel = sealChannel(SCOPE, 'c-bench', channelInputSchema.parse({ name: 'bench hook', type: 'webhook', settings: { url: `${receiverUrl}/hook/bench` }, secrets: { hmacSecret: HOOK_SECRET } }), new SecretBox(DEV_SECRETS_KEY), null);
  await storage.alerts.putConfig(SCOPE, 'channel', 'c-bench', channel);
  // The kind of rule an on-call team would set: any route of any service whose error rate over the
  // last minute goes above 10 % (with at least 20 requests), no "for" delay.
  const rule = {
    ...alertRuleInputSchema.parse({
      name: 'Route error rate',
      layer: 'uri',
      entity: null,
      metric: { kind: 'error_rate' },
      condition: { type: 'threshold', op: '>', value: 0.1 },
      windowSeconds: 60,
      forSeconds: 0,
      minRequests: 20,
      severity: 'critical',
      channelIds: ['c-bench'],
    }),
    id: 'r-bench',
    updatedAtMs: Date.now(),
  };
  await storage.alerts.putConfig(SCOPE, 'rule', rule.id, rule, { enabled: true, expected: null });

  const loads = [];
  const results = [];
  for (let rep = 0; rep < REPS; rep++) {
    const name = `step${String.fromCharCode(97 + (rep % 26))}${rep >= 26 ? String.fromCharCode(97 + Math.floor(rep / 26)) : ''}`;
    const entity = `${SERVICE} GET /rep/${name}`;
    let running = true;
    const traffic = (async () => {
      while (running) {
        await fetch(`${serviceUrl}/rep/${name}`).then((r) => r.arrayBuffer(), () => undefined);
        await sleep(1000 / REQUESTS_PER_SECOND);
      }
    })();
    await sleep(HEALTHY_MS);
    let receivedAtMs = null;
    let inRollupsAtMs = null;
    const stopListening = receivers.onMessage((m) => {
      if (receivedAtMs === null && m.body?.status === 'firing' && m.body.alerts.some((a) => a.status === 'firing' && a.labels.entity === entity)) receivedAtMs = m.atMs;
    });
    const faultAtMs = Date.now();
    await fetch(`${serviceUrl}/fault/${name}`, { method: 'PUT' });
    // The data path alone: when the rollups the rule reads first count a failed request of this route.
    const probing = (async () => {
      while (inRollupsAtMs === null && Date.now() - faultAtMs < 120_000) {
        const list = await storage.rollups.listEntities(SCOPE, { layer: 'uri', source: 'trace', fromMs: Math.floor(faultAtMs / 60_000) * 60_000 - 60_000, toMs: Date.now() + 1, limit: 100 });
        if (list.entities.some((e) => e.key.split('\u001f').join(' ') === entity && e.totals.errors > 0)) inRollupsAtMs = Date.now();
        else await sleep(100);
      }
    })();
    const arrived = await waitFor(async () => receivedAtMs !== null, 120_000, 20);
    await probing;
    stopListening();
    running = false;
    await traffic;
    if (!arrived) throw new Error(`repetition ${rep + 1}: no firing message for ${entity} within 120 s`);
    const alertMs = receivedAtMs - faultAtMs;
    const dataMs = inRollupsAtMs === null ? null : inRollupsAtMs - faultAtMs;
    results.push({ alertMs, dataMs });
    loads.push(os.loadavg()[0]);
    console.log(`rep ${String(rep + 1).padStart(2)}: fault → message ${(alertMs / 1000).toFixed(1)} s (failed requests in the rollups after ${dataMs === null ? '?' : (dataMs / 1000).toFixed(1)} s), load ${os.loadavg()[0].toFixed(2)}`);
  }

  const refused = receivers.refused.length;
  const duplicates = (() => {
    const seen = new Map();
    for (const m of receivers.received) for (const a of m.body.alerts) if (a.status === 'firing') seen.set(a.fingerprint, (seen.get(a.fingerprint) ?? 0) + 1);
    return [...seen.values()].filter((n) => n > 1).length;
  })();
  for (const app of apps.reverse()) await stopApp(app);
  await receivers.stop();
  await storage.purge();
  await storage.close();

  const alerts = results.map((r) => r.alertMs).sort((a, b) => a - b);
  const data = results.map((r) => r.dataMs).filter((d) => d !== null).sort((a, b) => a - b);
  const p50 = percentile(alerts, 0.5);
  const p95 = percentile(alerts, 0.95);
  const dataP50 = percentile(data, 0.5);
  console.log(`\nmachine: ${machine()}; load average during the run ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} (1 min)`);
  console.log(`${REPS} repetitions, rule: URI error rate > 10 % over 60 s (≥ 20 requests), evaluated every 5 s; service at ${REQUESTS_PER_SECOND} req/s, half its requests failing once the fault is on`);
  console.log(`fault → alert message at the receiver: p50 ${(p50 / 1000).toFixed(1)} s, p95 ${(p95 / 1000).toFixed(1)} s, max ${(alerts[alerts.length - 1] / 1000).toFixed(1)} s (goal p95 < ${GOAL_P95_MS / 1000} s)`);
  console.log(`fault → failed requests visible in the rollups (the data path alone): p50 ${(dataP50 / 1000).toFixed(1)} s; alerting adds p50 ${((p50 - dataP50) / 1000).toFixed(1)} s (evaluation period, window threshold, notify queue, send)`);
  console.log(`refused by the receiver: ${refused}; alerts with more than one firing message: ${duplicates}`);
  printJsonLine({ bench: 'alert', metric: 'fault_to_message_p95_ms', value: p95, unit: 'ms', goal: GOAL_P95_MS, ratio: { to: 'goal', value: Number((p95 / GOAL_P95_MS).toFixed(2)) } });
  printJsonLine({ bench: 'alert', metric: 'fault_to_message_p50_ms', value: p50, unit: 'ms', ratio: { to: 'data path (fault → failed requests in rollups) p50', value: Number((p50 / dataP50).toFixed(2)) } });
  if (refused > 0 || duplicates > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
