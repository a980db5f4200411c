import type { TraceDetailResponse } from '@linkscope/domain';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { signInAs } from './sign-in';
import { snap } from './screenshot';

// The README's screen-by-screen tour, as a test: demo traffic in the trace list, a fault switched
// on through the demo gateway's switch endpoint (what `npm run demo -- fault <name> on` calls),
// and the fault's own shape in the next traces. The screenshots are the README's images.
const dashboard = (): string => process.env['LINKSCOPE_E2E_DASHBOARD_URL'] ?? '';
const gateway = (): string => process.env['LINKSCOPE_E2E_GATEWAY_URL'] ?? '';

async function setFault(name: string, enabled: boolean): Promise<void> {
  const response = await fetch(`${gateway()}/faults/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
  expect(response.status).toBe(200);
  // Every service re-reads the switches once a second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
}

async function shopperRequest(path: string): Promise<{ traceId: string; status: number }> {
  const response = await fetch(`${gateway()}${path}`);
  await response.arrayBuffer();
  return { traceId: response.headers.get('x-trace-id') ?? '', status: response.status };
}

async function traceDetail(api: APIRequestContext, traceId: string, minSpans: number): Promise<TraceDetailResponse> {
  let detail: TraceDetailResponse | undefined;
  await expect(async () => {
    const response = await api.get(`${dashboard()}/api/v1/traces/${traceId}`);
    expect(response.status()).toBe(200);
    detail = (await response.json()) as TraceDetailResponse;
    expect(detail.spans.length).toBeGreaterThanOrEqual(minSpans);
  }).toPass({ timeout: 45_000 });
  return detail!;
}

test.afterAll(async () => {
  await setFault('n-plus-one', false);
  await setFault('error-burst', false);
});

test('tour: a fault switched on in the demo shop shows up in the trace list and the waterfall', async ({ page, context }, testInfo) => {
  await signInAs(context);
  // 1. Healthy traffic in the trace list.
  const healthy = await Promise.all(['/api/products', '/api/products/p-1003', '/api/products/p-1007'].map(shopperRequest));
  expect(healthy.map((request) => request.status)).toEqual([200, 200, 200]);
  await page.goto(`${dashboard()}/traces?lookback=15m`);
  await expect(async () => {
    await page.reload();
    await expect(page.locator(`[data-testid="trace-row"][data-trace-id="${healthy[2]!.traceId}"]`)).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 45_000 });
  await snap(page, testInfo, 'tour-1-trace-list', { fullPage: false });

  // 2. error-burst: half the catalogue's answers fail; the list flags the failed traces.
  await setFault('error-burst', true);
  const burst = await Promise.all(Array.from({ length: 12 }, (_, index) => shopperRequest(`/api/products/p-${1001 + (index % 24)}`)));
  const failed = burst.filter((request) => request.status >= 500);
  expect(failed.length).toBeGreaterThan(0);
  await expect(async () => {
    await page.reload();
    await expect(page.locator(`[data-testid="trace-row"][data-trace-id="${failed[0]!.traceId}"] [data-testid="error-badge"]`)).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 45_000 });
  await snap(page, testInfo, 'tour-2-error-burst', { fullPage: false });
  await setFault('error-burst', false);

  // 3. n-plus-one: the product list bypasses its cache and reads each product on its own.
  await setFault('n-plus-one', true);
  const { traceId, status } = await shopperRequest('/api/products');
  expect(status).toBe(200);
  const detail = await traceDetail(context.request, traceId, 24);
  const perProduct = detail.spans.filter((span) => span.serviceName === 'demo-catalogue' && span.name === 'SELECT products');
  expect(perProduct.length).toBeGreaterThanOrEqual(24);
  expect(new Set(perProduct.map((span) => span.parentSpanId)).size).toBe(1);

  await page.setViewportSize({ width: 1440, height: 1500 });
  await page.goto(`${dashboard()}/traces/${traceId}`);
  await expect(page.locator('[data-testid="waterfall-row"][data-service="demo-catalogue"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="waterfall-row"]', { hasText: 'SELECT products' }).nth(10)).toBeVisible();
  // The trace analysis names the pattern on its own.
  await expect(page.locator('[data-testid="analysis-panel"] [data-testid="finding"][data-kind="n-plus-one"]')).toContainText('SELECT');
  await snap(page, testInfo, 'tour-3-n-plus-one', { fullPage: false });
});
