import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { dashboardUrl as dashboard } from './sign-in';
import { snap } from './screenshot';

const collector = (): string => process.env['LINKSCOPE_E2E_COLLECTOR_URL'] ?? '';
const run = promisify(execFile);

/** A separate Node process instrumented with the Linkscope SDK and the key from the dashboard: one request span, then a flush. */
async function sendWithSdk(ingestKey: string, serviceName: string): Promise<void> {
  const script = `
    const { init } = require('@linkscope/sdk-node');
    const { trace } = require('@opentelemetry/api');
    const handle = init({ serviceName: ${JSON.stringify(serviceName)}, endpoint: ${JSON.stringify(collector())}, apiKey: process.env.E2E_KEY, metrics: false, logs: false, handleShutdownSignals: false });
    const span = trace.getTracer('e2e').startSpan('GET /checkout', { kind: 1, attributes: { 'http.request.method': 'GET', 'http.route': '/checkout' } });
    span.end();
    handle.shutdown().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
  await run(process.execPath, ['-e', script], { env: { ...process.env, E2E_KEY: ingestKey }, cwd: process.cwd(), timeout: 30_000 });
}

test('sign up, create a project and a key, see SDK data arrive, invite a viewer who can read but not edit', async ({ page, browser }, testInfo) => {
  const id = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const owner = { name: 'Ada Owner', email: `ada-${id}@e2e.test`, password: `pw-${randomBytes(9).toString('base64url')}` };
  const service = `e2e-sdk-${id}`;

  // Signed out, the dashboard sends you to the login page.
  await page.goto(`${dashboard()}/traces`);
  await expect(page).toHaveURL(/\/login\?next=%2Ftraces/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email').fill('nobody@e2e.test');
  await page.getByLabel('Password').fill('not a real password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await snap(page, testInfo, 'tenancy-login', { fullPage: false });

  // Sign up: an account and its organisation, then the projects page.
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password (at least 12 characters)').fill(owner.password);
  await page.getByLabel('Organisation name').fill(`Ada Shop ${id}`);
  await snap(page, testInfo, 'tenancy-signup', { fullPage: false });
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/settings\/projects$/);
  await expect(page.getByText('No projects yet. Create one to get an ingest key.')).toBeVisible();

  // A project, which becomes the current one in the switcher.
  await page.getByLabel('Project id').fill('web-prod');
  await page.getByLabel('Name', { exact: true }).fill('Web (production)');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.locator('[data-testid="project-row"]')).toHaveCount(1);
  await expect(page.getByTestId('project-switcher')).toHaveValue('web-prod');
  await snap(page, testInfo, 'tenancy-projects', { fullPage: false });

  // An ingest key: the secret is shown once; the list keeps only its prefix.
  await page.getByRole('link', { name: 'Ingest keys' }).click();
  await page.getByLabel('Name').fill('web-prod sdk');
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = (await page.getByTestId('secret-once').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^ls_ik_[A-Za-z0-9_-]{40,}$/);
  await expect(page.locator('[data-testid="key-row"]')).toContainText(secret.slice(0, 12));
  await expect(page.locator('[data-testid="key-row"]')).not.toContainText(secret);
  await snap(page, testInfo, 'tenancy-ingest-keys', { fullPage: false });
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('secret-once')).toHaveCount(0);

  // Data from an SDK configured with that key arrives in this project.
  await sendWithSdk(secret, service);
  await expect(async () => {
    await page.goto(`${dashboard()}/traces?lookback=15m`);
    await expect(page.getByText(service).first()).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 45_000 });
  await snap(page, testInfo, 'tenancy-sdk-data', { fullPage: false });

  // Invite a viewer by link.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name: 'Members' }).click();
  const viewerEmail = `vic-${id}@e2e.test`;
  await page.getByLabel('Email').fill(viewerEmail);
  await page.locator('select[name="inviteRole"]').selectOption('viewer');
  await page.getByRole('button', { name: 'Invite' }).click();
  const link = (await page.getByTestId('secret-once').textContent())?.trim() ?? '';
  expect(link).toMatch(/\/invite#ls_inv_/);
  await expect(page.locator('[data-testid="invitation-row"]')).toContainText(viewerEmail);
  await snap(page, testInfo, 'tenancy-members', { fullPage: false });

  // The viewer accepts in another browser, reads the project's traces, and cannot edit.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await viewer.goto(link);
  await expect(viewer.getByText(`You are invited to Ada Shop ${id} as Viewer (${viewerEmail}).`)).toBeVisible();
  await viewer.getByLabel('Your name').fill('Vic Viewer');
  await viewer.getByLabel('Password (at least 12 characters)').fill(`pw-${randomBytes(9).toString('base64url')}`);
  await snap(viewer, testInfo, 'tenancy-invite', { fullPage: false });
  await viewer.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(viewer).toHaveURL(/\/traces/);
  await expect(viewer.getByTestId('current-user')).toContainText('Viewer');
  await expect(viewer.getByText(service).first()).toBeVisible();
  await viewer.getByRole('link', { name: 'Settings' }).click();
  await viewer.getByRole('link', { name: 'Members' }).click();
  await expect(viewer.getByRole('link', { name: 'Members' })).toBeVisible();
  await expect(viewer.getByRole('link', { name: 'Ingest keys' })).toHaveCount(0);
  await expect(viewer.locator('[data-testid="member-row"]')).toHaveCount(2);
  await expect(viewer.getByTestId('invite-form')).toHaveCount(0);
  // What the page does not offer, the api refuses too.
  const session = (await (await viewer.request.get(`${dashboard()}/api/v1/auth/session`)).json()) as { csrfToken: string };
  const write = await viewer.request.post(`${dashboard()}/api/v1/alert-rules`, {
    headers: { 'x-linkscope-csrf': session.csrfToken },
    data: { name: 'viewer rule', layer: 'uri', metric: { kind: 'error_rate' }, condition: { type: 'threshold', op: '>', value: 0.5 } },
  });
  expect(write.status()).toBe(403);
  expect(((await write.json()) as { message: string }).message).toBe('this needs the rules:write permission, which the viewer role does not have');
  await viewer.goto(`${dashboard()}/settings/ingest-keys`);
  await expect(viewer.getByRole('alert').or(viewer.getByText('this needs the keys:manage permission')).first()).toBeVisible();
  await viewerContext.close();

  // The owner sees the viewer among the members and the changes in the audit log.
  await page.reload();
  await expect(page.locator('[data-testid="member-row"]')).toHaveCount(2);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.locator('[data-testid="audit-row"]').filter({ hasText: 'invitation.accept' })).toHaveCount(1);
  await expect(page.locator('[data-testid="audit-row"]').filter({ hasText: 'ingest-key.create' })).toHaveCount(1);
  await snap(page, testInfo, 'tenancy-audit', { fullPage: false });
});
