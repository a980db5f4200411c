import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { AppPackage } from './sdk.config';

/** Directories climbed at most when looking for the application's package.json. */
const MAX_LEVELS = 12;

/**
 * Name and version from the `package.json` nearest to the entry script (`process.argv[1]`),
 * else to the working directory. Files inside `node_modules` are skipped, so a tool's own
 * package (a test runner, a process manager) is never taken for the application. Returns `{}`
 * when none is found or it cannot be read; never throws.
 */
export function readAppPackage(entryScript: string | undefined = process.argv[1], cwd: string = process.cwd()): AppPackage {
  const start = entryScript !== undefined && !entryScript.includes(`${path.sep}node_modules${path.sep}`) ? path.dirname(path.resolve(entryScript)) : cwd;
  let dir = start;
  for (let level = 0; level < MAX_LEVELS; level += 1) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        return {
          name: typeof parsed.name === 'string' ? parsed.name : undefined,
          version: typeof parsed.version === 'string' ? parsed.version : undefined,
        };
      } catch {
        return {};
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {};
}
