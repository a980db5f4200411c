import { expect, test } from '@playwright/test';
import { dashboardUrl as dashboard, signInAs } from './sign-in';
import { snap } from './screenshot';

const gateway = (): string => process.env['LINKSCOPE_E2E_GATEWAY_URL'] ?? '';
const MINUTE_MS = 60_000;
const ROUTE_KEY = 'demo-gateway\u001fGET\u001f/api/products/{num}';

async function setFault(name: string, enabled: boolean): Promise<void> {
  const response = await fetch(`${gateway()}/faults/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
  expect(response.status).toBe(200);
}

/**
 * The whole access-log path with real parts: requests through the demo gateway → its nginx-style
 * access log → the stack's agent → collector → worker → Elasticsearch → api → the URI page.
 * The catalogue's error-burst fault makes some answers 502 so there are failed samples to follow
 * to their traces.
 */
test('the URI page shows the gateway access log per route, its failed samples lead to their traces, and logs sit beside traces', async ({ page, context }, testInfo) => {
  test.setTimeout(180_000);
  await signInAs(context);
  const fromMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  await setFault('error-burst', true);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // services read the switches every second
  const statuses: number[] = [];
  try {
    for (let i = 0; i < 40; i++) {
      const response = await fetch(`${gateway()}/api/products/${1 + (i % 8)}`);
      await response.arrayBuffer();
      statuses.push(response.status);
    }
  } finally {
    await setFault('error-burst', false);
  }
  const failed = statuses.filter((s) => s >= 500).length;
  expect(failed).toBeGreaterThan(0);
  // The window: every minute the requests fell in.
  const toMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const window = `from=${fromMs}&to=${toMs}`;

  await page.goto(`${dashboard()}/layers/uri?source=log&${window}`);
  await expect(page.locator('[data-testid="source-log"]')).toHaveAttribute('aria-selected', 'true');
  const row = page.locator(`[data-testid="entity-row"][data-entity="${ROUTE_KEY}"]`);
  // The agent ships a minute once it has closed: up to a minute after the requests.
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 3000 });
    await expect(row.locator('td').nth(3)).toHaveText(String(statuses.length), { timeout: 1000 });
  }).toPass({ timeout: 120_000, intervals: [2000] });
  await expect(row).toContainText('/api/products/{num}');
  await expect(row).toContainText('demo-gateway');
  // Error rate: exactly the 5xx answers the requests got.
  await expect(row.locator('td').nth(4)).toHaveText(`${((100 * failed) / statuses.length).toFixed(1)}%`);

  const panel = page.locator('[data-testid="access-log-panel"]');
  await expect(panel).toBeVisible();
  const failedSamples = panel.locator('[data-testid="access-log-sample"][data-status^="5"][data-route="/api/products/{num}"]');
  await expect(failedSamples.first()).toBeVisible();
  // At most 10 failed lines are sampled per minute (the requests may straddle a minute boundary).
  const minutes = (toMs - fromMs) / MINUTE_MS;
  const sampled = await failedSamples.count();
  expect(sampled).toBeGreaterThanOrEqual(Math.min(failed, 10));
  expect(sampled).toBeLessThanOrEqual(Math.min(failed, 10 * minutes));
  await snap(page, testInfo, 'uri-access-log');

  // A failed line carries its trace id: it opens the trace.
  const traceLink = failedSamples.first().locator('[data-testid="sample-trace-link"]');
  await traceLink.click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}/);
  const traceId = /\/traces\/([0-9a-f]{32})/.exec(page.url())?.[1] ?? '';
  await expect(page.getByText(traceId).first()).toBeVisible();
  await expect(page.locator('[data-testid="waterfall-row"][data-service="demo-gateway"]').first()).toBeVisible();

  // Side by side: the log's /api/products/{num} meets the traces' /api/products/:id.
  await page.goto(`${dashboard()}/layers/uri?source=both&${window}`);
  const joined = page.locator('[data-testid="side-by-side-row"][data-route="/api/products/{num}"]');
  await expect(joined).toBeVisible();
  await expect(joined.locator('[data-testid="log-count"]')).toHaveText(String(statuses.length));
  await expect(joined.locator('[data-testid="trace-count"]')).not.toHaveText('–');
  await snap(page, testInfo, 'uri-side-by-side');
});
