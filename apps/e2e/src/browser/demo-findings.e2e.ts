import { type Page, expect, test } from '@playwright/test';
import { snap } from './screenshot';
import { signInAs } from './sign-in';

const dashboard = (): string => process.env['LINKSCOPE_E2E_DASHBOARD_URL'] ?? '';
const gateway = (): string => process.env['LINKSCOPE_E2E_GATEWAY_URL'] ?? '';

async function setFault(name: string, enabled: boolean): Promise<void> {
  const response = await fetch(`${gateway()}/faults/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
  expect(response.status).toBe(200);
  // Every demo service reads the switches from Redis once a second.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
}

async function shop(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${gateway()}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

function traceIdOf(response: Response): string {
  const id = /^00-([0-9a-f]{32})-/.exec(response.headers.get('traceresponse') ?? '')?.[1];
  if (!id) throw new Error(`no traceresponse on ${response.url}`);
  return id;
}

async function login(): Promise<string> {
  const response = await shop('/api/login', { method: 'POST', body: { username: 'user-011', password: 'demo' } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function placeOrder(token: string): Promise<Response> {
  const { products } = (await (await shop('/api/products')).json()) as { products: { id: string }[] };
  for (const product of products.slice(0, 3)) expect((await shop('/api/cart/items', { method: 'POST', token, body: { productId: product.id, quantity: 1 } })).status).toBe(200);
  return shop('/api/orders', { method: 'POST', token });
}

interface Case {
  readonly fault: string;
  readonly kind: string;
  readonly route: string;
  readonly text: RegExp;
  /** Makes the faulty request; answers its trace id. */
  readonly request: () => Promise<string>;
}

const CASES: readonly Case[] = [
  {
    fault: 'n-plus-one',
    kind: 'n-plus-one',
    route: '/api/products',
    text: /SELECT/i,
    request: async () => traceIdOf(await shop('/api/products')),
  },
  {
    fault: 'serial-calls',
    kind: 'serial-calls',
    route: '/api/orders',
    text: /products/,
    request: async () => traceIdOf(await placeOrder(await login())),
  },
  {
    fault: 'retry-storm',
    kind: 'retries',
    route: '/api/orders/:id/pay',
    text: /demo-payments|payments/,
    request: async () => {
      const token = await login();
      await setFault('retry-storm', false);
      const order = await placeOrder(token);
      const { id } = (await order.json()) as { id: string };
      await setFault('retry-storm', true);
      return traceIdOf(await shop(`/api/orders/${id}/pay`, { method: 'POST', token }));
    },
  },
];

/** Searches for the trace in the trace list (query language, by root route) and opens it. */
async function findAndOpen(page: Page, route: string, traceId: string): Promise<void> {
  await page.goto(`${dashboard()}/traces?lookback=15m`);
  await page.getByTestId('trace-search-input').fill(`root.route="${route}" AND duration>0ms`);
  await page.getByTestId('trace-search-submit').click();
  await expect(page).toHaveURL(/q=root\.route/);
  const row = page.locator(`[data-testid="trace-row"][data-trace-id="${traceId}"]`);
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
  await row.locator('a').click();
  await expect(page.getByTestId('trace-id')).toHaveText(traceId);
}

for (const c of CASES) {
  test(`the ${c.fault} switch shows its ${c.kind} finding on the trace page and in the aggregate of ${c.route}`, async ({ page, context }, testInfo) => {
    await signInAs(context);
    await setFault(c.fault, true);
    try {
      const traceId = await c.request();
      await findAndOpen(page, c.route, traceId);

      // Spans of every service arrive within a few seconds; reload until the finding is there.
      const finding = page.locator(`[data-testid="analysis-panel"] [data-testid="finding"][data-kind="${c.kind}"]`);
      await expect(async () => {
        await page.reload();
        await expect(finding.filter({ hasText: c.text }).first()).toBeVisible({ timeout: 2_000 });
      }).toPass({ timeout: 30_000 });
      await expect(finding.filter({ hasText: c.text }).first()).toBeVisible();
      await finding.filter({ hasText: c.text }).first().locator('button').click();
      await expect(page.locator('[data-testid="waterfall-row"][data-flagged]').first()).toBeVisible();
      await snap(page, testInfo, `trace-${c.fault}`, { fullPage: false });

      await page.getByTestId('aggregate-link').click();
      await expect(page.getByTestId('aggregate-page')).toBeVisible();
      await expect(page.locator(`[data-testid="aggregate-finding"][data-kind="${c.kind}"]`).filter({ hasText: c.text }).first()).toBeVisible();
      await expect(page.getByTestId('aggregate-summary')).toContainText(/p95/);
      await expect(page.getByTestId('aggregate-operation').first()).toBeVisible();
      await snap(page, testInfo, `aggregate-${c.fault}`);
    } finally {
      await setFault(c.fault, false);
    }
  });
}

test('trace search explains a malformed query and orders by whole-trace duration', async ({ page, context }, testInfo) => {
  await signInAs(context);
  for (let i = 0; i < 3; i++) expect((await shop('/api/products')).status).toBe(200);
  await page.goto(`${dashboard()}/traces?lookback=15m`);
  await page.getByTestId('trace-search-input').fill('service=demo-gateway AND (route=/api/*');
  await page.getByTestId('trace-search-submit').click();
  await expect(page.getByRole('alert').or(page.locator('.status-message'))).toContainText(/INVALID_REQUEST/);

  await page.getByTestId('trace-search-input').fill('service=demo-catalogue AND root.route=/api/prod*');
  await page.getByTestId('trace-search-submit').click();
  await page.getByTestId('trace-sort-select').selectOption('slowest');
  await expect(page).toHaveURL(/sort=slowest/);
  const rows = page.getByTestId('trace-row');
  await expect(async () => {
    await page.reload();
    await expect(rows.nth(1)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const durations = await page.locator('[data-testid="trace-row"] .trace-row__duration').allInnerTexts();
  const ms = durations.map((text) => {
    const m = /([\d.,]+)\s*(µs|ms|s)/.exec(text);
    if (!m) throw new Error(`unreadable duration ${text}`);
    const value = Number(m[1]!.replace(/,/g, ''));
    return m[2] === 's' ? value * 1000 : m[2] === 'µs' ? value / 1000 : value;
  });
  expect(ms).toEqual([...ms].sort((a, b) => b - a));
  await snap(page, testInfo, 'trace-search', { fullPage: false });
});
