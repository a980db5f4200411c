import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DebianProgram } from './debian-packages';
import { isRoot } from './paths';
import { type TestServer, answersProbe, reusableServer, runAsync, spawnServer, stopByPidFile, waitUntilReady } from './server-process';
import { SERVICE_USER, handToServiceUser, serviceStateDir } from './service-user';
import { DevstackError, isPortOpen } from './shell';

const MARIADBD = '/usr/sbin/mariadbd';
const INSTALL_DB = '/usr/bin/mariadb-install-db';
/** The test database and its account (loopback only; the password is no secret). */
const DATABASE = 'linkscope';
const PASSWORD = 'linkscope';

/** Its pid file in its state folder (stopped with SIGTERM, a clean shutdown). */
export const MARIADB_PID_FILE = 'mariadb.pid';

export const MARIADB_PROGRAMS: readonly DebianProgram[] = [
  { path: MARIADBD, pkg: 'mariadb-server' },
  { path: INSTALL_DB, pkg: 'mariadb-server' },
];

/** True once the server sends its handshake (protocol version 10) on a new connection. */
function greets(port: number): Promise<boolean> {
  // A packet: 3-byte length, 1-byte sequence, then the payload; a handshake payload starts with 10.
  return answersProbe(port, undefined, (chunk) => chunk.length > 4 && chunk[4] === 10);
}

/**
 * Starts Debian's MariaDB for tests on 127.0.0.1:`port` with its own data folder, socket and pid
 * file in `.linkscope/<stateName>` (`mariadb-install-db` on first use, kept between runs) and no
 * system configuration (`--no-defaults`). An init file creates the `linkscope` database and
 * account at every start. Reuses a server this checkout already runs there.
 */
export async function startMariadb(port: number, stateName: string): Promise<TestServer> {
  const url = `mysql://${SERVICE_USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  const dir = serviceStateDir(stateName);
  const data = path.join(dir, 'data');
  const stop = async (): Promise<void> => {
    await stopByPidFile(dir, MARIADB_PID_FILE);
  };
  if (await reusableServer(path.join(dir, MARIADB_PID_FILE), port, stop)) return { name: 'mariadb', url, started: false, stop: async () => undefined };
  if (await isPortOpen(port)) throw new DevstackError(`port ${port} (MariaDB for tests) is busy with another process; free it or set TEST_MYSQL_URL`);

  const started = Date.now();
  const initFile = path.join(dir, 'init.sql');
  writeFileSync(
    initFile,
    [
      `CREATE DATABASE IF NOT EXISTS ${DATABASE};`,
      `CREATE USER IF NOT EXISTS '${SERVICE_USER}'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}';`,
      `GRANT ALL ON ${DATABASE}.* TO '${SERVICE_USER}'@'127.0.0.1';`,
      '',
    ].join('\n'),
  );
  const logFile = path.join(dir, 'mariadb.log');
  writeFileSync(logFile, '');
  handToServiceUser(dir);
  if (!existsSync(path.join(data, 'mysql'))) {
    await runAsync(
      INSTALL_DB,
      ['--no-defaults', `--datadir=${data}`, ...(isRoot() ? [`--user=${SERVICE_USER}`] : []), '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'],
      'mariadb-install-db could not create the test data folder',
    );
  }
  const server = spawnServer(
    MARIADBD,
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${path.join(dir, 'mariadb.sock')}`,
      `--pid-file=${path.join(dir, MARIADB_PID_FILE)}`,
      `--log-error=${logFile}`,
      `--init-file=${initFile}`,
      '--skip-name-resolve',
      '--skip-log-bin',
      // A test database: small buffers, and commits need not reach the disk.
      '--innodb-buffer-pool-size=32M',
      '--innodb-flush-log-at-trx-commit=0',
      '--max-connections=30',
    ],
    { logFile, cwd: dir, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } },
  );
  await waitUntilReady('MariaDB', () => greets(port), server.exited, logFile, 60_000);
  return { name: 'mariadb', url, started: true, readyMs: Date.now() - started, stop };
}

