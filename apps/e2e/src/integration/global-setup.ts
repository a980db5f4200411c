import { ensureInfra, startStack, startTestServers, testSlotFromEnv } from '@linkscope/devstack';
import type { TestProject } from 'vitest/node';
import type { TestStack } from './test-stack';

/**
 * Starts the real Elasticsearch, Redis and every app (test profile: its own ports, Redis db and
 * index prefix), and, at the same time, the PostgreSQL, MariaDB, RabbitMQ, Kafka and FerretDB the SDK's
 * instrumentation specs drive.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const slot = testSlotFromEnv(process.env);
  const servers = startTestServers(slot);
  // Awaited below; this only keeps a failure from being reported as unhandled before then.
  servers.catch(() => undefined);
  let stack: Awaited<ReturnType<typeof startStack>>;
  try {
    const infra = await ensureInfra();
    stack = await startStack({
      profile: 'test',
      slot,
      esUrl: infra.elasticsearch.url,
      redisUrl: infra.redis.url,
      demoTraffic: false,
      // The demo's random faults are for people watching the dashboard; tests need every request to succeed.
      // Alerting runs in the alert spec's own workers, which it restarts mid-incident.
      env: { DEMO_CATALOGUE_ERROR_RATE: '0', ALERTING_ENABLED: 'false' },
    });
  } catch (error) {
    await servers.then((running) => running.stop()).catch(() => undefined);
    throw error;
  }
  const testServers = await servers.catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  const provided: TestStack = { urls: stack.urls, ingestKey: stack.ingestKey, demoLogin: stack.demoLogin, env: stack.env, logDir: stack.logDir };
  project.provide('stack', provided);
  project.provide('servers', testServers.urls);
  return async () => {
    await Promise.all([stack.stop(), testServers.stop()]);
  };
}
