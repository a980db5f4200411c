import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, RUN_DIR, ensureDir } from './paths';
import { DevstackError, isPortOpen, say, waitFor } from './shell';

export type StackProfile = 'dev' | 'test';

export interface StackPorts {
  readonly collector: number;
  readonly zipkin: number;
  readonly grpc: number;
  readonly api: number;
  readonly gateway: number;
  readonly catalogue: number;
  readonly users: number;
  readonly orders: number;
  readonly payments: number;
  /** The demo's external payment provider stub (not instrumented). */
  readonly provider: number;
}

/** Dev and test stacks use different ports, Redis databases and index prefixes, so both can run at once. */
export const PROFILES: Record<StackProfile, { ports: StackPorts; redisDb: number; indexPrefix: string }> = {
  dev: {
    ports: { collector: 4318, zipkin: 9411, grpc: 4317, api: 8080, gateway: 8081, catalogue: 8082, users: 8083, orders: 8084, payments: 8085, provider: 8086 },
    redisDb: 0,
    indexPrefix: 'ls',
  },
  // Below 32768: Linux hands out 32768–60999 as source ports of outgoing connections, and a test
  // server could not bind its port while, say, a Redis client connection happened to hold it.
  test: {
    ports: { collector: 23180, zipkin: 29411, grpc: 24317, api: 28080, gateway: 28081, catalogue: 28082, users: 28083, orders: 28084, payments: 28085, provider: 28086 },
    redisDb: 1,
    indexPrefix: 'lstest',
  },
};

function withSlot(profileName: StackProfile, slot: number): (typeof PROFILES)[StackProfile] {
  const base = PROFILES[profileName];
  if (slot === 0) return base;
  if (profileName !== 'test' || !Number.isInteger(slot) || slot < 0 || slot > 9) throw new DevstackError(`test slot must be 0-9 (got ${slot})`);
  const ports = Object.fromEntries(Object.entries(base.ports).map(([name, port]) => [name, port + 10 * slot])) as unknown as StackPorts;
  return { ports, redisDb: base.redisDb + slot, indexPrefix: `${base.indexPrefix}${slot}` };
}

export const DEV_INGEST_KEY = 'ls_dev_local_ingest_key';
/** Seals alert channel secrets in dev and test stacks only; production sets its own LINKSCOPE_SECRETS_KEY. */
export const DEV_SECRETS_KEY = '6c696e6b73636f70652d6465762d6f6e6c792d6b65792d6e6f742d7365637265';
/** The demo login the api seeds in development and test stacks (the password is new at every start). */
export const DEMO_EMAIL = 'demo@linkscope.local';

export interface StackOptions {
  readonly profile: StackProfile;
  /**
   * Test stacks only: a slot 0–9 that shifts every port by 10 × slot and uses its own Redis
   * database and index prefix, so several test runs (several engineers, one machine) never meet.
   */
  readonly slot?: number;
  readonly esUrl: string;
  readonly redisUrl: string;
  readonly demoTraffic: boolean;
  /** Extra environment for every process (e.g. DEMO_CATALOGUE_ERROR_RATE). */
  readonly env?: Record<string, string>;
}

/** Base URLs of everything a stack runs. */
export interface StackUrls {
  dashboard: string;
  collector: string;
  /** OTLP/gRPC as `host:port` (no scheme). */
  collectorGrpc: string;
  zipkin: string;
  gateway: string;
  catalogue: string;
  users: string;
  orders: string;
  payments: string;
  provider: string;
}

export interface RunningStack {
  readonly urls: StackUrls;
  /** The demo gateway's nginx-style access log (format in apps/demo-shop/README.md). */
  readonly accessLogFile: string;
  readonly ingestKey: string;
  /** The seeded demo organisation's owner (organisation "demo", project "demo-shop"). */
  readonly demoLogin: { readonly email: string; readonly password: string };
  readonly env: Record<string, string>;
  readonly logDir: string;
  stop(): Promise<void>;
}

interface AppProcess {
  readonly name: string;
  readonly entry: string;
  readonly args?: readonly string[];
  /** How to know it is ready: an HTTP URL that answers 200, or a line in its log. */
  readonly ready: { url: string } | { logLine: string };
}

function withDb(redisUrl: string, db: number): string {
  const url = new URL(redisUrl);
  if (url.pathname && url.pathname !== '/') return redisUrl;
  url.pathname = `/${db}`;
  return url.toString();
}

function entry(...parts: string[]): string {
  const file = path.join(REPO_ROOT, ...parts);
  if (!existsSync(file)) throw new DevstackError(`${path.relative(REPO_ROOT, file)} is not built: run npm run build`);
  return file;
}

async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
  return response.ok;
}

/** The demo gateway's `log_format` (apps/demo-shop/README.md): combined + request time, upstream times, trace id. */
export const DEMO_ACCESS_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time $trace_id';

/**
 * The access-log agent following the demo gateway's log, as an operator would run it next to
 * nginx. Lines are recorded under the host `demo-gateway`, the gateway's service name, so its
 * URI figures from the log sit beside the ones from its traces. The dev stack keeps the agent's
 * checkpoint across restarts (lines written while it was down are read then); a test stack
 * starts afresh at the end of the log.
 */
function accessLogAgent(profile: StackProfile, slotSuffix: string, accessLogFile: string, collector: string): AppProcess {
  const dir = ensureDir(path.join(RUN_DIR, 'agent'));
  const stateDir = path.join(dir, `${profile}${slotSuffix}-state`);
  if (profile === 'test') rmSync(stateDir, { recursive: true, force: true });
  const configFile = path.join(dir, `${profile}${slotSuffix}.json`);
  const config = {
    collector,
    agentId: `${profile}${slotSuffix}-demo-gateway`,
    stateDir,
    files: [
      {
        path: accessLogFile,
        format: DEMO_ACCESS_LOG_FORMAT,
        host: 'demo-gateway',
        startAt: 'end',
        // Fault names are words, not ids: name the parameter as the gateway's own route does.
        routePatterns: [{ pattern: '^/faults/[^/]+$', route: '/faults/{name}' }],
      },
    ],
    // Tests wait for minutes to close: 2 s after a minute ends instead of 10.
    ...(profile === 'test' ? { closeGraceMs: 2000 } : {}),
  };
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return { name: 'agent', entry: entry('apps', 'agent', 'dist', 'main.js'), args: ['--config', configFile], ready: { logLine: 'agent following access logs' } };
}

/** Starts collector, worker, api and the demo shop as child processes, each logging to its own file. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const profile = withSlot(options.profile, options.slot ?? 0);
  const { ports } = profile;
  for (const [name, port] of Object.entries(ports)) {
    if (await isPortOpen(port)) throw new DevstackError(`port ${port} (${name}) is busy: another Linkscope ${options.profile} stack may be running`);
  }
  const logDir = ensureDir(path.join(RUN_DIR, 'logs'));
  const slotSuffix = options.slot ? `-slot${options.slot}` : '';
  const accessLogFile = path.join(logDir, `${options.profile}${slotSuffix}-demo-gateway-access.log`);
  const local = (port: number): string => `http://127.0.0.1:${port}`;
  const demoPassword = `demo-${randomBytes(9).toString('base64url')}`;
  const env: Record<string, string> = {
    ES_URL: options.esUrl,
    REDIS_URL: withDb(options.redisUrl, profile.redisDb),
    ES_INDEX_PREFIX: profile.indexPrefix,
    COLLECTOR_PORT: String(ports.collector),
    COLLECTOR_ZIPKIN_PORT: String(ports.zipkin),
    COLLECTOR_GRPC_PORT: String(ports.grpc),
    API_PORT: String(ports.api),
    DEMO_GATEWAY_PORT: String(ports.gateway),
    DEMO_CATALOGUE_PORT: String(ports.catalogue),
    DEMO_USERS_PORT: String(ports.users),
    DEMO_ORDERS_PORT: String(ports.orders),
    DEMO_PAYMENTS_PORT: String(ports.payments),
    DEMO_PROVIDER_PORT: String(ports.provider),
    DEMO_GATEWAY_URL: local(ports.gateway),
    DEMO_CATALOGUE_URL: local(ports.catalogue),
    DEMO_USERS_URL: local(ports.users),
    DEMO_ORDERS_URL: local(ports.orders),
    DEMO_PAYMENTS_URL: local(ports.payments),
    DEMO_PROVIDER_URL: local(ports.provider),
    DEMO_ACCESS_LOG: accessLogFile,
    // The shop's keys in the stack's Redis database, apart from Linkscope's own.
    DEMO_REDIS_PREFIX: `demo-shop${slotSuffix}:`,
    LINKSCOPE_ENDPOINT: `http://127.0.0.1:${ports.collector}`,
    LINKSCOPE_API_KEY: DEV_INGEST_KEY,
    LINKSCOPE_DEV_INGEST_KEY: DEV_INGEST_KEY,
    LINKSCOPE_SECRETS_KEY: DEV_SECRETS_KEY,
    LINKSCOPE_PUBLIC_URL: `http://127.0.0.1:${ports.api}`,
    // The api seeds the demo organisation, its project, this key and this login at boot.
    LINKSCOPE_DEMO_EMAIL: DEMO_EMAIL,
    LINKSCOPE_DEMO_PASSWORD: demoPassword,
    // Local stacks serve plain HTTP on 127.0.0.1; deployments keep the default (Secure cookies).
    API_COOKIE_SECURE: 'false',
    // Tests stand in for several client addresses through X-Forwarded-For from loopback.
    ...(options.profile === 'test' ? { API_TRUST_PROXY: 'loopback' } : {}),
    ...options.env,
  };
  const apps: AppProcess[] = [
    { name: 'collector', entry: entry('apps', 'collector', 'dist', 'main.js'), ready: { url: `http://127.0.0.1:${ports.collector}/readyz` } },
    { name: 'worker', entry: entry('apps', 'worker', 'dist', 'main.js'), ready: { logLine: 'worker consuming span batches' } },
    { name: 'api', entry: entry('apps', 'api', 'dist', 'main.js'), ready: { url: `http://127.0.0.1:${ports.api}/api/readyz` } },
    ...(['provider', 'users', 'catalogue', 'orders', 'payments', 'gateway'] as const).map((service) => ({
      name: service === 'provider' ? 'demo-payment-provider' : `demo-${service}`,
      entry: entry('apps', 'demo-shop', 'dist', service, 'main.js'),
      ready: { url: `${local(ports[service])}/healthz` },
    })),
  ];
  apps.push(accessLogAgent(options.profile, slotSuffix, accessLogFile, local(ports.collector)));
  if (options.demoTraffic) {
    apps.push({ name: 'demo-traffic', entry: entry('apps', 'demo-shop', 'dist', 'traffic', 'main.js'), ready: { logLine: '' } });
  }

  const children: { name: string; child: ChildProcess }[] = [];
  const stop = async (): Promise<void> => {
    for (const { child } of [...children].reverse()) if (child.exitCode === null) child.kill('SIGTERM');
    await waitFor(async () => children.every(({ child }) => child.exitCode !== null || child.signalCode !== null), 10_000, 100);
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  try {
    for (const app of apps) {
      const logFile = path.join(logDir, `${options.profile}-${app.name}.log`);
      const out = openSync(logFile, 'w');
      const child = spawn(process.execPath, [app.entry, ...(app.args ?? [])], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
      children.push({ name: app.name, child });
      const ready = await waitFor(async () => {
        if (child.exitCode !== null) throw new DevstackError(`${app.name} exited with code ${child.exitCode}; see ${logFile}`);
        if ('url' in app.ready) return httpOk(app.ready.url);
        return readFileSync(logFile, 'utf8').includes(app.ready.logLine);
      }, 60_000, 200).catch((error: unknown) => {
        throw error instanceof DevstackError ? error : new DevstackError(String(error));
      });
      if (!ready) throw new DevstackError(`${app.name} was not ready within 60s; see ${logFile}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  say(`${options.profile} stack up: ${apps.map((a) => a.name).join(', ')}`);
  return {
    urls: {
      dashboard: local(ports.api),
      collector: local(ports.collector),
      collectorGrpc: `127.0.0.1:${ports.grpc}`,
      zipkin: local(ports.zipkin),
      gateway: local(ports.gateway),
      catalogue: local(ports.catalogue),
      users: local(ports.users),
      orders: local(ports.orders),
      payments: local(ports.payments),
      provider: local(ports.provider),
    },
    accessLogFile,
    ingestKey: DEV_INGEST_KEY,
    demoLogin: { email: DEMO_EMAIL, password: demoPassword },
    env,
    logDir,
    stop,
  };
}

/** LINKSCOPE_TEST_SLOT (0-9, default 0): which test slot this run uses. */
export function testSlotFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env['LINKSCOPE_TEST_SLOT'];
  if (raw === undefined || raw === '') return 0;
  const slot = Number(raw);
  if (!Number.isInteger(slot) || slot < 0 || slot > 9) throw new DevstackError(`LINKSCOPE_TEST_SLOT must be 0-9 (got "${raw}")`);
  return slot;
}
