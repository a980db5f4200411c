import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

/**
 * Saves a screenshot of `page` as `<name>.png` in the test's output and attaches it to the report;
 * with LINKSCOPE_E2E_SCREENSHOT_DIR set (to docs/images), copies it there too, so the docs show
 * what the last run saw.
 */
export async function snap(page: Page, testInfo: TestInfo, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  const docs = process.env['LINKSCOPE_E2E_SCREENSHOT_DIR'];
  if (docs) {
    mkdirSync(docs, { recursive: true });
    copyFileSync(file, path.join(docs, `${name}.png`));
  }
  return file;
}
