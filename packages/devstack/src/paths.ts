import { mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root: packages/devstack/dist → three levels up. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Per-checkout runtime state (data, logs, pid files). `infra down --purge` removes it. */
export const RUN_DIR = path.join(REPO_ROOT, '.linkscope');

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Downloads shared across checkouts. As root it lives outside /root so the unprivileged
 * Elasticsearch user can read it; LINKSCOPE_CACHE_DIR overrides.
 */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  const dir = env['LINKSCOPE_CACHE_DIR'] ?? (isRoot() ? '/var/cache/linkscope' : path.join(env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'linkscope'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
