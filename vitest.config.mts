import { defineConfig } from 'vitest/config';

/**
 * Two suites: `unit` (pure logic, no servers) and `integration` (the real Elasticsearch and
 * Redis, started by the devstack runner in the global setup). Browser tests are Playwright's.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.spec.ts', 'apps/*/src/**/*.spec.ts', 'apps/*/src/**/*.spec.tsx'],
          environment: 'node',
          // Time limits here only stop a hung test; speed is measured by the benchmarks. The
          // property tests and the 50,000-span layout take a few seconds on a loaded machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int-spec.ts', 'apps/e2e/src/integration/**/*.int-spec.ts'],
          globalSetup: ['apps/e2e/src/integration/global-setup.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
