import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DebianProgram } from './debian-packages';
import { ensureDir } from './paths';
import { type TestServer, answersProbe, reusableServer, runAsync, spawnServer, stopByPidFile, waitUntilReady } from './server-process';
import { SERVICE_USER, handToServiceUser, serviceStateDir } from './service-user';
import { DevstackError, isPortOpen } from './shell';

const SERVER_SCRIPT = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const EPMD = '/usr/bin/epmd';
/** The broker's account (loopback only; the password is no secret). */
const PASSWORD = 'linkscope';
const PID_FILE = 'rabbitmq.pid';

export const RABBITMQ_PROGRAMS: readonly DebianProgram[] = [
  { path: SERVER_SCRIPT, pkg: 'rabbitmq-server' },
  { path: EPMD, pkg: 'erlang-base' },
];

/** The ports one test broker uses: AMQP, Erlang distribution, and its own epmd (so brokers of other slots never share one). */
export interface RabbitmqPorts {
  readonly amqp: number;
  readonly distribution: number;
  readonly epmd: number;
}

/** True once the broker answers the AMQP 0-9-1 protocol header with a frame (Connection.Start). */
function answersAmqp(port: number): Promise<boolean> {
  // Frame type 1 is a method frame; a refusal would be the protocol header echoed back ("AMQP").
  return answersProbe(port, Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]), (chunk) => chunk[0] === 1);
}

function brokerEnv(dir: string, ports: RabbitmqPorts, nodeName: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    // The Erlang cookie goes to $HOME: each broker has its own.
    HOME: dir,
    LANG: 'C.UTF-8',
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_ENABLED_PLUGINS: '',
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: path.join(dir, PID_FILE),
    RABBITMQ_DIST_PORT: String(ports.distribution),
    ERL_EPMD_PORT: String(ports.epmd),
    // Idle Erlang schedulers spin before sleeping; on a shared 2-core machine that CPU is the tests'.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '+sbwt none +sbwtdcpu none +sbwtdio none',
  };
}

/**
 * Starts Debian's RabbitMQ for tests with AMQP on 127.0.0.1:`ports.amqp`, no plugins, its node
 * name, Erlang cookie, database and logs in `.linkscope/<stateName>` (kept between runs), and an
 * epmd of its own on `ports.epmd`. Reuses a broker this checkout already runs there.
 */
export async function startRabbitmq(ports: RabbitmqPorts, stateName: string, slot: number): Promise<TestServer> {
  const url = `amqp://${SERVICE_USER}:${PASSWORD}@127.0.0.1:${ports.amqp}`;
  const dir = serviceStateDir(stateName);
  const stop = async (): Promise<void> => {
    await stopRabbitmqIn(dir, ports.epmd);
  };
  if (await reusableServer(path.join(dir, PID_FILE), ports.amqp, stop)) return { name: 'rabbitmq', url, started: false, stop: async () => undefined };
  for (const port of [ports.amqp, ports.distribution]) {
    if (await isPortOpen(port)) throw new DevstackError(`port ${port} (RabbitMQ for tests) is busy with another process; free it or set TEST_AMQP_URL`);
  }

  const started = Date.now();
  ensureDir(path.join(dir, 'log'));
  writeFileSync(path.join(dir, 'rabbitmq-env.conf'), '');
  writeFileSync(path.join(dir, 'enabled_plugins'), '[].\n');
  writeFileSync(
    path.join(dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.1 = 127.0.0.1:${ports.amqp}`,
      // Only read at the first start, when the broker creates its database.
      `default_user = ${SERVICE_USER}`,
      `default_pass = ${PASSWORD}`,
      'loopback_users = none',
      'disk_free_limit.absolute = 50MB',
      '',
    ].join('\n'),
  );
  const logFile = path.join(dir, 'rabbitmq.log');
  writeFileSync(logFile, '');
  handToServiceUser(dir);
  const server = spawnServer(SERVER_SCRIPT, [], { logFile, cwd: dir, env: brokerEnv(dir, ports, `linkscope-test${slot}@localhost`) });
  // Booting the Erlang VM and the broker takes 5–15 s on a busy machine.
  await waitUntilReady('RabbitMQ', () => answersAmqp(ports.amqp), server.exited, logFile, 120_000);
  return { name: 'rabbitmq', url, started: true, readyMs: Date.now() - started, stop };
}

/** Stops the test broker whose state is in `dir`, and its epmd; true when a broker ran. */
export async function stopRabbitmqIn(dir: string, epmdPort: number): Promise<boolean> {
  // The Erlang VM treats SIGTERM as a clean shutdown (init:stop).
  const stopped = await stopByPidFile(dir, PID_FILE);
  // epmd outlives the VM that started it; it refuses to stop while a node is still registered.
  await runAsync(EPMD, ['-port', String(epmdPort), '-kill'], 'epmd -kill').catch(() => undefined);
  return stopped;
}
