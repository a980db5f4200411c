import { ensureInfra, startStack, testSlotFromEnv } from '@linkscope/devstack';

/**
 * Starts Elasticsearch, Redis and every app in the test profile, and hands their URLs to the
 * browser specs through the environment (Playwright's workers inherit it).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const infra = await ensureInfra();
  const stack = await startStack({
    profile: 'test',
    slot: testSlotFromEnv(process.env),
    esUrl: infra.elasticsearch.url,
    redisUrl: infra.redis.url,
    demoTraffic: false,
    env: { DEMO_CATALOGUE_ERROR_RATE: '0' },
  });
  process.env['LINKSCOPE_E2E_DASHBOARD_URL'] = stack.urls.dashboard;
  process.env['LINKSCOPE_E2E_GATEWAY_URL'] = stack.urls.gateway;
  process.env['LINKSCOPE_E2E_COLLECTOR_URL'] = stack.urls.collector;
  process.env['LINKSCOPE_E2E_INGEST_KEY'] = stack.ingestKey;
  process.env['LINKSCOPE_E2E_DEMO_EMAIL'] = stack.demoLogin.email;
  process.env['LINKSCOPE_E2E_DEMO_PASSWORD'] = stack.demoLogin.password;
  return () => stack.stop();
}
