import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { RUN_DIR, ensureDir, isRoot } from './paths';
import { run } from './shell';

/**
 * Elasticsearch, PostgreSQL and MariaDB refuse to run as root: as root, this system user runs
 * every server the devstack starts. As anyone else, servers run as that user.
 */
export const SERVICE_USER = 'linkscope';

export function ensureServiceUser(): void {
  if (!isRoot()) return;
  if (spawnSync('id', ['-u', SERVICE_USER]).status === 0) return;
  run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER], `could not create the ${SERVICE_USER} user for the local servers`);
}

/** `command args` wrapped in `runuser` when running as root. */
export function asServiceUser(command: string, args: readonly string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', SERVICE_USER, '--', command, ...args]] : [command, [...args]];
}

/** uid/gid for `spawn`, so a server's pid is the spawned pid (no runuser in between); undefined when not root. */
export function serviceUserIds(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const uid = Number(run('id', ['-u', SERVICE_USER], 'id').trim());
  const gid = Number(run('id', ['-g', SERVICE_USER], 'id').trim());
  return { uid, gid };
}

/** Gives `dir` (recursively) to the service user when running as root. */
export function handToServiceUser(dir: string): void {
  if (isRoot()) run('chown', ['-R', SERVICE_USER, dir], `could not hand ${dir} to ${SERVICE_USER}`);
}

/**
 * Where this checkout keeps a server's state: `.linkscope/<name>` when the service user can
 * write there, else a folder under /var/lib/linkscope named by a hash of the checkout (recorded
 * in `.linkscope/<name>/LOCATION`, which `existingServiceStateDir` reads).
 */
export function serviceStateDir(name: string): string {
  const local = ensureDir(path.join(RUN_DIR, name));
  if (!isRoot()) return local;
  run('chown', [SERVICE_USER, local], 'chown');
  if (spawnSync('runuser', ['-u', SERVICE_USER, '--', 'test', '-w', local]).status === 0) return local;
  const fallback = ensureDir(path.join('/var/lib/linkscope', createHash('sha1').update(RUN_DIR).digest('hex').slice(0, 10), name));
  writeFileSync(path.join(local, 'LOCATION'), `${fallback}\n`);
  return fallback;
}

/** The folder `serviceStateDir(name)` chose earlier (without creating anything). */
export function existingServiceStateDir(name: string): string {
  const marker = path.join(RUN_DIR, name, 'LOCATION');
  return existsSync(marker) ? readFileSync(marker, 'utf8').trim() : path.join(RUN_DIR, name);
}
