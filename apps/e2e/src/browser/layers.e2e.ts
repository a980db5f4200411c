import { expect, test } from '@playwright/test';
import { signInAs } from './sign-in';
import { snap } from './screenshot';

const dashboard = (): string => process.env['LINKSCOPE_E2E_DASHBOARD_URL'] ?? '';
const gateway = (): string => process.env['LINKSCOPE_E2E_GATEWAY_URL'] ?? '';

async function call(method: string, urlPath: string, body?: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const response = await fetch(`${gateway()}${urlPath}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json().catch(() => null)) as Record<string, unknown> | null };
}

/** One shopper visit through the demo shop: login, browse, cart, order and pay (every layer gets traffic). */
async function journey(i: number): Promise<void> {
  const login = await call('POST', '/api/login', { username: `user-${String((i % 50) + 1).padStart(3, '0')}`, password: 'demo' });
  expect(login.status).toBe(200);
  const token = String(login.json?.['token'] ?? '');
  expect((await call('GET', '/api/products')).status).toBe(200);
  const productId = `p-${1001 + (i % 24)}`;
  expect((await call('GET', `/api/products/${productId}`)).status).toBe(200);
  expect((await call('POST', '/api/cart/items', { productId, quantity: 1 }, token)).status).toBe(200);
  const order = await call('POST', '/api/orders', undefined, token);
  if (order.status === 200 || order.status === 201) await call('POST', `/api/orders/${String(order.json?.['id'] ?? '')}/pay`, undefined, token);
}

async function setFault(name: string, enabled: boolean): Promise<void> {
  const response = await fetch(`${gateway()}/faults/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
  expect(response.status).toBe(200);
}

const COMPONENT_SLOW_QUERY = 'SELECT product_views';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ context }) => {
  await signInAs(context);
});

test('the demo shop fills all five layers, and a slow-queries fault is found from the overview down to the slow span', async ({ page }, testInfo) => {
  test.setTimeout(240_000);

  // Traffic: shopper journeys, then product pages with the slow-queries fault switched on.
  for (let batch = 0; batch < 6; batch++) await Promise.all(Array.from({ length: 4 }, (_, j) => journey(batch * 4 + j)));
  await setFault('slow-queries', true);
  try {
    // The switch is read from Redis every second by each service.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (let i = 0; i < 24; i++) expect((await call('GET', `/api/products/p-${1001 + (i % 24)}`)).status).toBe(200);
  } finally {
    await setFault('slow-queries', false);
  }

  // 1. Overview: every layer has entities (infrastructure once the SDKs have exported their host metrics).
  await page.goto(`${dashboard()}/layers`);
  const card = (layer: string) => page.locator(`[data-testid="layer-card"][data-layer="${layer}"]`);
  await expect(async () => {
    await page.reload();
    for (const layer of ['business', 'uri', 'interface', 'component', 'infrastructure']) {
      await expect(card(layer).locator('[data-testid="worst-row"]').first()).toBeVisible({ timeout: 3000 });
    }
  }).toPass({ timeout: 90_000 });
  await expect(card('uri').getByTestId('layer-rate')).not.toHaveText(/^0 /);
  await snap(page, testInfo, 'layers-overview');

  // 2. Each layer page lists demo-shop entities with non-zero figures.
  const expectations: Record<string, RegExp> = {
    business: /browse|login|add-to-cart|place-order|pay/,
    uri: /demo-gateway|demo-catalogue|demo-orders/,
    interface: /payment-provider|demo-catalogue|demo-orders|demo-users|demo-payments/,
    component: /sqlite|redis/,
    infrastructure: /./,
  };
  for (const [layer, pattern] of Object.entries(expectations)) {
    await card(layer).locator('.layer-card__title a').click();
    await expect(page.getByTestId('layer-page')).toHaveAttribute('data-layer', layer);
    const rows = page.locator(`[data-testid="entity-row"][data-layer="${layer}"]`);
    await expect(rows.first()).toBeVisible();
    await expect(page.getByTestId('entity-table')).toContainText(pattern);
    if (layer === 'infrastructure') {
      await expect(rows.first().getByTestId('cpu-cell')).toHaveText(/\d/);
    } else {
      // The busiest row has counted requests: a rate above zero.
      const rates = await rows.getByTestId('rate-cell').allInnerTexts();
      expect(rates.some((text) => /[1-9]/.test(text)), `${layer} rates: ${rates.join(', ')}`).toBe(true);
    }
    await snap(page, testInfo, `layer-${layer}`);
    await page.goto(`${dashboard()}/layers`);
  }

  // 3. Locate the fault: the component layer, narrowed to the shop's database and sorted by p95, puts the slow query first.
  // (The filter keeps out components other specs of this test stack may have sent.)
  await page.goto(`${dashboard()}/layers/component?sort=p95&dir=desc`);
  await page.getByTestId('entity-filter').fill('sqlite');
  await expect(page).toHaveURL(/q=sqlite/);
  const first = page.locator('[data-testid="entity-row"][data-layer="component"]').first();
  await expect(first).toContainText(COMPONENT_SLOW_QUERY);
  await first.locator('a.row-link').click();
  const detail = page.getByTestId('entity-detail');
  await expect(detail).toContainText(COMPONENT_SLOW_QUERY);
  await expect(detail.getByTestId('chart-latency')).toBeVisible();
  await expect(detail.getByTestId('chart-status')).toBeVisible();
  await expect(page).toHaveURL(/entity=/);
  await snap(page, testInfo, 'layer-component-entity');

  // 4. Its slowest traces, each with the slow query's own duration.
  await detail.getByTestId('entity-slowest-link').click();
  await expect(page.getByTestId('entity-trace-filter')).toContainText(COMPONENT_SLOW_QUERY);
  await expect(page.getByTestId('order-slowest')).toHaveAttribute('aria-current', 'true');
  const traceRow = page.getByTestId('trace-row').first();
  await expect(traceRow).toBeVisible();
  await expect(traceRow.getByTestId('focus-cell')).toHaveText(/\d+(\.\d+)?\s*(ms|s)/);
  await snap(page, testInfo, 'entity-slowest-traces');

  // 5. The trace opens on that span: the catalogue's slow SELECT, well above the few ms it takes with its index.
  await traceRow.locator('a.row-link').click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}\?.*span=[0-9a-f]{16}/);
  const spanDetail = page.getByTestId('span-detail');
  await expect(spanDetail).toBeVisible();
  await expect(spanDetail).toContainText('demo-catalogue');
  await expect(spanDetail).toContainText('product_views');
  await snap(page, testInfo, 'entity-slowest-span');
});
