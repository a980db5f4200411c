// Prints one closing line for the whole suite, "Tests: N passed, M failed", from the
// JSON reports of vitest (unit, integration) and Playwright (e2e), and exits non-zero
// when any test or any step (lint, typecheck, build, infra) failed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [resultsDir, ...failedSteps] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

for (const suite of ['unit', 'integration']) {
  const file = path.join(resultsDir, `${suite}.json`);
  if (!existsSync(file)) {
    lines.push(`${suite}: no report`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  lines.push(`${suite}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
const e2eFile = path.join(resultsDir, 'e2e', 'results.json');
if (existsSync(e2eFile)) {
  const { stats } = JSON.parse(readFileSync(e2eFile, 'utf8'));
  passed += stats.expected;
  failed += stats.unexpected + stats.flaky;
  skipped += stats.skipped;
  lines.push(`e2e: ${stats.expected} passed, ${stats.unexpected + stats.flaky} failed`);
} else {
  lines.push('e2e: no report');
}

console.log('');
for (const line of lines) console.log(`  ${line}`);
if (failedSteps.length > 0) console.log(`  failed steps: ${failedSteps.join(', ')}`);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || failedSteps.length > 0 || passed === 0 ? 1 : 0);
