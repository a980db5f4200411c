import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DebianProgram } from './debian-packages';
import { ensureDir } from './paths';
import { type TestServer, reusableServer, runAsync, spawnServer, stopByPidFile, waitUntilReady } from './server-process';
import { SERVICE_USER, handToServiceUser, serviceStateDir } from './service-user';
import { DevstackError, isPortOpen } from './shell';

const DEBIAN_ROOT = '/usr/lib/postgresql';
/** The database and (trusted, password-less, loopback-only) role the test server is created with. */
const DATABASE = 'linkscope';
/** Its pid file in its state folder. */
export const POSTGRES_PID_FILE = path.join('data', 'postmaster.pid');
/** PostgreSQL's "fast" shutdown: it ends open sessions instead of waiting for them. */
export const POSTGRES_STOP_SIGNAL = 'SIGINT';

/** The newest Debian PostgreSQL's bin folder, or null. */
function binDir(): string | null {
  if (!existsSync(DEBIAN_ROOT)) return null;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+$/.test(name) && existsSync(path.join(DEBIAN_ROOT, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : path.join(DEBIAN_ROOT, versions[0], 'bin');
}

/** What `ensureDebianPrograms` must provide: Debian's `postgresql` package when no version is installed. */
export function postgresProgram(): DebianProgram {
  const dir = binDir();
  return { path: dir === null ? path.join(DEBIAN_ROOT, 'none', 'bin', 'postgres') : path.join(dir, 'postgres'), pkg: 'postgresql' };
}

/**
 * Starts Debian's PostgreSQL for tests on 127.0.0.1:`port` (TCP only, trust authentication,
 * durability off), with its cluster in `.linkscope/<stateName>` — created by `initdb` on first
 * use, kept between runs. Reuses a server this checkout already runs there.
 */
export async function startPostgres(port: number, stateName: string): Promise<TestServer> {
  const url = `postgres://${SERVICE_USER}@127.0.0.1:${port}/${DATABASE}`;
  const dir = serviceStateDir(stateName);
  const data = path.join(dir, 'data');
  const pidFile = path.join(dir, POSTGRES_PID_FILE);
  const stop = async (): Promise<void> => {
    await stopByPidFile(dir, POSTGRES_PID_FILE, POSTGRES_STOP_SIGNAL);
  };
  if (await reusableServer(pidFile, port, stop)) return { name: 'postgres', url, started: false, stop: async () => undefined };
  if (await isPortOpen(port)) throw new DevstackError(`port ${port} (PostgreSQL for tests) is busy with another process; free it or set TEST_POSTGRES_URL`);

  const bin = binDir();
  if (bin === null) throw new DevstackError('PostgreSQL is not installed (apt-get install postgresql), or set TEST_POSTGRES_URL');
  const started = Date.now();
  const fresh = !existsSync(path.join(data, 'PG_VERSION'));
  if (fresh) {
    handToServiceUser(dir);
    await runAsync(
      path.join(bin, 'initdb'),
      ['-D', data, '-U', SERVICE_USER, '--auth=trust', '--no-locale', '-E', 'UTF8', '--no-sync'],
      'initdb could not create the test cluster',
      { ...process.env, LC_ALL: 'C' },
      true,
    );
  }
  const logFile = path.join(ensureDir(dir), 'postgres.log');
  writeFileSync(logFile, '');
  handToServiceUser(logFile);
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: '',
    // A test database: nothing in it has to survive a crash of the machine.
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_buffers: '32MB',
    max_connections: '30',
  };
  const server = spawnServer(path.join(bin, 'postgres'), ['-D', data, ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`])], {
    logFile,
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C' },
  });
  const ready = async (): Promise<boolean> => {
    try {
      await runAsync(path.join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port), '-d', 'postgres'], 'pg_isready');
      return true;
    } catch {
      return false;
    }
  };
  await waitUntilReady('PostgreSQL', ready, server.exited, logFile, 60_000);
  if (fresh) {
    await runAsync(path.join(bin, 'psql'), ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', SERVICE_USER, '-d', 'postgres', '-c', `CREATE DATABASE ${DATABASE}`], 'could not create the test database');
  }
  return { name: 'postgres', url, started: true, readyMs: Date.now() - started, stop };
}

