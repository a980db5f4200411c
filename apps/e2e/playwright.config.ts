import { defineConfig } from '@playwright/test';
import { ensureChromium } from '@linkscope/devstack';

/** Browser tests drive Debian's Chromium (Playwright's own browser download is not used) against the test stack. */
export default defineConfig({
  testDir: './src/browser',
  testMatch: '**/*.e2e.ts',
  outputDir: '../../test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e/results.json' }]],
  globalSetup: './src/browser/global-setup.ts',
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: ensureChromium(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
