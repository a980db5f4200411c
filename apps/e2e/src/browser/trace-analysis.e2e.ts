import { expect, test } from '@playwright/test';
import { snap } from './screenshot';
import { signInAs } from './sign-in';
import { checkoutWithEveryPattern, normalCheckout, sendSyntheticTrace, slowCheckout } from './synthetic-trace';

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
  await snap(page, testInfo, 'trace-analysis');

  await page.locator('[data-testid="insights-tab-services"]').click();
  await expect(page.locator('[data-testid="service-summary-row"][data-service="shop-gateway"]')).toContainText('16');
  await expect(page.locator('[data-testid="service-summary-row"][data-service="shop-pricing"]')).toBeVisible();
  await snap(page, testInfo, 'trace-services');

  await page.locator('[data-testid="insights-tab-logs"]').click();
  await expect(page.locator('[data-testid="trace-logs-empty"]')).toBeVisible();
});

test('"Compare with…" on the trace page lists the spans added, removed, slower and faster, grouped by operation', async ({ page, context }, testInfo) => {
  await signInAs(context);
  const normal = await sendSyntheticTrace(collector(), ingestKey(), normalCheckout());
  const slow = await sendSyntheticTrace(collector(), ingestKey(), slowCheckout());
  // Both traces whole (the services' spans arrive as separate batches) before comparing.
  await expect(async () => {
    await page.goto(`${dashboard()}/traces/${normal.traceId}?startEpochMs=${normal.startEpochMs}`);
    await expect(page.locator('[data-testid="waterfall-row"]')).toHaveCount(7, { timeout: 3000 });
  }).toPass({ timeout: 45_000 });
  await expect(async () => {
    await page.goto(`${dashboard()}/traces/${slow.traceId}?startEpochMs=${slow.startEpochMs}`);
    await expect(page.locator('[data-testid="waterfall-row"]')).toHaveCount(8, { timeout: 3000 });
  }).toPass({ timeout: 45_000 });

  await page.locator('[data-testid="insights-tab-compare"]').click();
  const compare = page.locator('[data-testid="trace-compare"]');
  await compare.locator('[data-testid="compare-input"]').fill('not-a-trace');
  await compare.locator('[data-testid="compare-submit"]').click();
  await expect(compare.getByRole('alert')).toContainText('32 hexadecimal');

  // A pasted trace link works as well as a bare id.
  await compare.locator('[data-testid="compare-input"]').fill(`${dashboard()}/traces/${normal.traceId}?startEpochMs=${normal.startEpochMs}`);
  await compare.locator('[data-testid="compare-submit"]').click();
  await expect(page).toHaveURL(new RegExp(`compareWith=${normal.traceId}`));
  await expect(compare.locator('[data-testid="compare-summary"]')).toHaveAttribute('data-verdict', 'slower');
  await expect(compare.locator('[data-testid="compare-summary"]')).toContainText('200 ms');

  const operations = (kind: string) => compare.locator(`[data-testid="compare-${kind}"] [data-testid="compare-operation"]`);
  await expect(operations('slower')).toHaveCount(3);
  await expect(operations('slower').nth(0)).toHaveAttribute('data-operation', 'POST /checkout');
  await expect(operations('slower').nth(0)).toContainText('+200 ms');
  await expect(compare.locator('[data-testid="compare-slower"] [data-operation="GET /api/stock"]').first()).toContainText('20 ms → 120 ms');
  await expect(operations('faster')).toHaveCount(1);
  await expect(operations('faster').first()).toHaveAttribute('data-operation', 'GET /api/pricing');
  await expect(operations('faster').first()).toContainText('−5 ms');
  await expect(operations('added')).toHaveCount(2);
  await expect(operations('added').nth(0)).toHaveAttribute('data-operation', 'GET /api/fraud-check');
  await expect(operations('added').nth(1)).toContainText('cmp-fraud');
  await expect(operations('removed')).toHaveCount(1);
  await expect(operations('removed').first()).toHaveAttribute('data-operation', 'GET /api/coupons');

  // A changed operation opens its span of this trace in the waterfall.
  await operations('faster').first().locator('button').click();
  await expect(page.locator('[data-testid="span-detail"]')).toContainText('GET /api/pricing');
  await snap(page, testInfo, 'trace-compare');

  // The comparison is part of the link: reloading it shows the same.
  await page.reload();
  await expect(page.locator('[data-testid="trace-compare"] [data-testid="compare-removed"] [data-testid="compare-operation"]')).toHaveCount(1);
});
