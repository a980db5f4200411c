import type { BrowserContext } from '@playwright/test';

export const dashboardUrl = (): string => process.env['LINKSCOPE_E2E_DASHBOARD_URL'] ?? '';

/** The seeded demo owner (organisation "demo", project "demo-shop"). */
export function demoLogin(): { email: string; password: string } {
  return { email: process.env['LINKSCOPE_E2E_DEMO_EMAIL'] ?? '', password: process.env['LINKSCOPE_E2E_DEMO_PASSWORD'] ?? '' };
}

/** Signs the browser context in through the api (for specs about other pages than the login page). */
export async function signInAs(context: BrowserContext, login: { email: string; password: string } = demoLogin()): Promise<void> {
  const response = await context.request.post(`${dashboardUrl()}/api/v1/auth/login`, { data: login });
  if (response.status() !== 200) throw new Error(`login answered ${response.status()}: ${await response.text()}`);
}
