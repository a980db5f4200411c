import { expect, test } from '@playwright/test';
import { dashboardUrl as dashboard, signInAs } from './sign-in';
import { snap } from './screenshot';

const gateway = (): string => process.env['LINKSCOPE_E2E_GATEWAY_URL'] ?? '';

test.beforeEach(async ({ context }) => {
  await signInAs(context);
});

async function tracedRequest(path: string): Promise<string> {
  const response = await fetch(`${gateway()}${path}`);
  expect(response.status).toBe(200);
  const traceId = /^00-([0-9a-f]{32})-/.exec(response.headers.get('traceresponse') ?? '')?.[1];
  if (!traceId) throw new Error('the demo gateway sent no traceresponse header');
  return traceId;
}

test('a demo request appears in the trace list and opens as a waterfall across both services', async ({ page }, testInfo) => {
  const traceId = await tracedRequest('/api/products');

  await page.goto(`${dashboard()}/traces?lookback=15m`);
  const row = page.locator(`[data-testid="trace-row"][data-trace-id="${traceId}"]`);
  // The list refetches every few seconds; the trace shows up once the worker has indexed it.
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 45_000 });
  await expect(row).toContainText('demo-gateway');
  await snap(page, testInfo, 'trace-list');

  await row.click();
  await expect(page).toHaveURL(new RegExp(`/traces/${traceId}`));
  await expect(page.locator('[data-testid="waterfall-row"][data-service="demo-gateway"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="waterfall-row"][data-service="demo-catalogue"]').first()).toBeVisible();
  await expect(page.getByText(traceId).first()).toBeVisible();

  await page.locator('[data-testid="waterfall-row"][data-service="demo-catalogue"]').first().click();
  const detail = page.locator('[data-testid="span-detail"]');
  await expect(detail).toBeVisible();
  await expect(detail).toContainText('demo-catalogue');

  await snap(page, testInfo, 'trace-waterfall');
});

test('the dashboard speaks Simplified Chinese when asked', async ({ page }, testInfo) => {
  await page.addInitScript("window.localStorage.setItem('linkscope.lang', 'zh-CN')");
  await page.goto(`${dashboard()}/traces`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('columnheader').first()).toContainText(/[\u4e00-\u9fff]/);
  await snap(page, testInfo, 'trace-list-zh');
});
