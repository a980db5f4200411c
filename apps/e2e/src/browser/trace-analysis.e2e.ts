import { expect, test } from '@playwright/test';
import { signInAs } from './sign-in';
import { checkoutWithEveryPattern, sendSyntheticTrace } from './synthetic-trace';

const dashboard = (): string => process.env['LINKSCOPE_E2E_DASHBOARD_URL'] ?? '';
const collector = (): string => process.env['LINKSCOPE_E2E_COLLECTOR_URL'] ?? '';
const ingestKey = (): string => process.env['LINKSCOPE_E2E_INGEST_KEY'] ?? '';

test('the trace page shows each call-pattern finding, highlights its spans, and marks the critical path', async ({ page, context }, testInfo) => {
  await signInAs(context);
  const { traceId, startEpochMs } = await sendSyntheticTrace(collector(), ingestKey(), checkoutWithEveryPattern());
  const url = `${dashboard()}/traces/${traceId}?startEpochMs=${startEpochMs}`;
  await expect(async () => {
    await page.goto(url);
    await expect(page.locator('[data-testid="waterfall-row"]')).toHaveCount(17, { timeout: 3000 });
  }).toPass({ timeout: 45_000 });

  const panel = page.locator('[data-testid="analysis-panel"]');
  await expect(panel.locator('[data-testid="finding"][data-kind="n-plus-one"]')).toContainText('SELECT * FROM items WHERE id = ?');
  await expect(panel.locator('[data-testid="finding"][data-kind="n-plus-one"]')).toContainText('8');
  await expect(panel.locator('[data-testid="finding"][data-kind="serial-calls"]')).toContainText('inventory');
  await expect(panel.locator('[data-testid="finding"][data-kind="retries"]')).toContainText('payments');
  await expect(panel.locator('[data-testid="bottleneck"]').first()).toBeVisible();

  // The root and the calls it waited on are on the critical path; the N+1 queries too (in series).
  await expect(page.locator('[data-testid="waterfall-row"][data-critical]')).not.toHaveCount(0);

  await panel.locator('[data-testid="finding"][data-kind="n-plus-one"] button').click();
  await expect(page.locator('[data-testid="waterfall-row"][data-flagged]')).toHaveCount(8);
  await expect(page.locator('[data-testid="span-detail"]')).toContainText('SELECT items');
  await expect(page.locator('[data-testid="span-self-time"]')).toHaveText(/5(\.0)?\s?ms/);
  const shot = testInfo.outputPath('trace-analysis.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('trace-analysis', { path: shot, contentType: 'image/png' });

  await page.locator('[data-testid="insights-tab-services"]').click();
  await expect(page.locator('[data-testid="service-summary-row"][data-service="shop-gateway"]')).toContainText('16');
  await expect(page.locator('[data-testid="service-summary-row"][data-service="shop-pricing"]')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('trace-services.png'), fullPage: true });

  await page.locator('[data-testid="insights-tab-logs"]').click();
  await expect(page.locator('[data-testid="trace-logs-empty"]')).toBeVisible();
});
