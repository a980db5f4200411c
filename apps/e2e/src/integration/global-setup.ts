import { ensureInfra, startStack, testSlotFromEnv } from '@linkscope/devstack';
import type { TestProject } from 'vitest/node';
import type { TestStack } from './test-stack';

/** Starts the real Elasticsearch, Redis and every app (test profile: its own ports, Redis db and index prefix). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infra = await ensureInfra();
  const stack = await startStack({
    profile: 'test',
    slot: testSlotFromEnv(process.env),
    esUrl: infra.elasticsearch.url,
    redisUrl: infra.redis.url,
    demoTraffic: false,
    // The demo's random faults are for people watching the dashboard; tests need every request to succeed.
    // Alerting runs in the alert spec's own workers, which it restarts mid-incident.
    env: { DEMO_CATALOGUE_ERROR_RATE: '0', ALERTING_ENABLED: 'false' },
  });
  const provided: TestStack = { urls: stack.urls, ingestKey: stack.ingestKey, demoLogin: stack.demoLogin, env: stack.env, logDir: stack.logDir };
  project.provide('stack', provided);
  return async () => {
    await stack.stop();
  };
}
