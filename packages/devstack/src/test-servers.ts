import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ensureDebianPrograms } from './debian-packages';
import { FERRETDB_PID_FILE, startFerretdb } from './ferretdb';
import { KAFKA_PID_FILE, startKafka } from './kafka';
import { MARIADB_PID_FILE, MARIADB_PROGRAMS, startMariadb } from './mariadb';
import { RUN_DIR } from './paths';
import { POSTGRES_PID_FILE, POSTGRES_STOP_SIGNAL, postgresProgram, startPostgres } from './postgres';
import { RABBITMQ_PROGRAMS, startRabbitmq, stopRabbitmqIn } from './rabbitmq';
import { type TestServer, stopByPidFile } from './server-process';
import { ensureServiceUser, existingServiceStateDir } from './service-user';
import { say } from './shell';

/**
 * Ports of the servers the SDK's instrumentation tests talk to, for test slot 0; slot n adds
 * 10 × n, as the test stack does. All below 32768 (outside Linux's source-port range) and clear
 * of the test stack's ports.
 */
export const TEST_SERVER_PORTS = {
  postgres: 25432,
  mariadb: 23306,
  amqp: 25672,
  rabbitmqDistribution: 25673,
  epmd: 26369,
  kafka: 29092,
  kafkaController: 29093,
  mongodb: 26017,
} as const;

/** Connection URLs of the test servers, as the instrumented client libraries take them. */
export interface TestServerUrls {
  readonly postgres: string;
  readonly mysql: string;
  readonly amqp: string;
  /** `host:port` of a Kafka broker (kafkajs takes a list of these). */
  readonly kafka: string;
  /** A MongoDB-protocol server (FerretDB), database `linkscope`. */
  readonly mongodb: string;
}

export interface RunningTestServers {
  readonly urls: TestServerUrls;
  /** Each server, whether this call started it, and how long it took to answer. */
  readonly servers: readonly TestServer[];
  /** Stops the servers this call started (not those it found running or was pointed at). */
  stop(): Promise<void>;
}

/** Environment variables that point a test at an existing server instead. */
const OVERRIDES = { postgres: 'TEST_POSTGRES_URL', mysql: 'TEST_MYSQL_URL', amqp: 'TEST_AMQP_URL', kafka: 'TEST_KAFKA_BROKER', mongodb: 'TEST_MONGODB_URL' } as const;

function slotDir(slot: number): string {
  return `test-servers/slot${slot}`;
}

function external(name: string, url: string): TestServer {
  return { name, url, started: false, stop: async () => undefined };
}

/**
 * Makes sure PostgreSQL, MariaDB (for the MySQL client), RabbitMQ, Kafka and FerretDB (for the
 * MongoDB driver) answer for test slot `slot`: installs the Debian packages that are missing (one
 * apt-get run, as root), Kafka's jars from Maven Central and FerretDB built with Go (each once,
 * into the download cache), then starts the five at once, each as the service user with its state
 * in `.linkscope/test-servers/slot<n>/`. A server this checkout already runs for the slot is reused
 * and left running; TEST_POSTGRES_URL, TEST_MYSQL_URL, TEST_AMQP_URL, TEST_KAFKA_BROKER and
 * TEST_MONGODB_URL point at existing servers instead.
 */
export async function startTestServers(slot: number, env: NodeJS.ProcessEnv = process.env): Promise<RunningTestServers> {
  const shift = 10 * slot;
  const wanted = {
    postgres: env[OVERRIDES.postgres] === undefined,
    mysql: env[OVERRIDES.mysql] === undefined,
    amqp: env[OVERRIDES.amqp] === undefined,
    kafka: env[OVERRIDES.kafka] === undefined,
    mongodb: env[OVERRIDES.mongodb] === undefined,
  };
  await ensureDebianPrograms(
    [...(wanted.postgres ? [postgresProgram()] : []), ...(wanted.mysql ? MARIADB_PROGRAMS : []), ...(wanted.amqp ? RABBITMQ_PROGRAMS : [])],
    env,
    `or point the tests at existing servers with ${Object.values(OVERRIDES).join(', ')}`,
  );
  ensureServiceUser();
  const dir = slotDir(slot);
  const starts = [
    wanted.postgres ? startPostgres(TEST_SERVER_PORTS.postgres + shift, `${dir}/postgres`) : Promise.resolve(external('postgres', env[OVERRIDES.postgres]!)),
    wanted.mysql ? startMariadb(TEST_SERVER_PORTS.mariadb + shift, `${dir}/mariadb`) : Promise.resolve(external('mariadb', env[OVERRIDES.mysql]!)),
    wanted.amqp
      ? startRabbitmq({ amqp: TEST_SERVER_PORTS.amqp + shift, distribution: TEST_SERVER_PORTS.rabbitmqDistribution + shift, epmd: TEST_SERVER_PORTS.epmd + shift }, `${dir}/rabbitmq`, slot)
      : Promise.resolve(external('rabbitmq', env[OVERRIDES.amqp]!)),
    wanted.kafka
      ? startKafka({ broker: TEST_SERVER_PORTS.kafka + shift, controller: TEST_SERVER_PORTS.kafkaController + shift }, `${dir}/kafka`, env)
      : Promise.resolve(external('kafka', env[OVERRIDES.kafka]!)),
    wanted.mongodb ? startFerretdb(TEST_SERVER_PORTS.mongodb + shift, `${dir}/ferretdb`, env) : Promise.resolve(external('ferretdb', env[OVERRIDES.mongodb]!)),
  ];
  const settled = await Promise.allSettled(starts);
  const servers = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const [postgres, mariadb, rabbitmq, kafka, ferretdb] = servers as [TestServer, TestServer, TestServer, TestServer, TestServer];
  for (const server of servers) if (server.started) say(`${server.name} for tests ready in ${((server.readyMs ?? 0) / 1000).toFixed(1)}s`);
  return { urls: { postgres: postgres.url, mysql: mariadb.url, amqp: rabbitmq.url, kafka: kafka.url, mongodb: ferretdb.url }, servers, stop };
}

/** Stops every test server this checkout runs, in every slot (`infra down`); returns what it stopped. */
export async function stopAllTestServers(): Promise<string[]> {
  const root = path.join(RUN_DIR, 'test-servers');
  if (!existsSync(root)) return [];
  const stopped: string[] = [];
  for (const name of readdirSync(root)) {
    const slot = Number(/^slot(\d)$/.exec(name)?.[1]);
    if (!Number.isInteger(slot)) continue;
    const dir = (server: string): string => existingServiceStateDir(`${slotDir(slot)}/${server}`);
    const results = await Promise.all([
      stopByPidFile(dir('postgres'), POSTGRES_PID_FILE, POSTGRES_STOP_SIGNAL),
      stopByPidFile(dir('mariadb'), MARIADB_PID_FILE),
      stopRabbitmqIn(dir('rabbitmq'), TEST_SERVER_PORTS.epmd + 10 * slot),
      stopByPidFile(dir('kafka'), KAFKA_PID_FILE),
      stopByPidFile(dir('ferretdb'), FERRETDB_PID_FILE),
    ]);
    ['postgres', 'mariadb', 'rabbitmq', 'kafka', 'ferretdb'].forEach((server, i) => results[i] && stopped.push(`${server} (slot ${slot})`));
  }
  return stopped;
}
