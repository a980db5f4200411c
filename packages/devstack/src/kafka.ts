import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cacheDir, ensureDir } from './paths';
import { type TestServer, answersProbe, fillOnce, reusableServer, runAsync, spawnServer, stopByPidFile, waitUntilReady } from './server-process';
import { handToServiceUser, serviceStateDir } from './service-user';
import { DevstackError, isPortOpen, say, which } from './shell';

/** Apache Kafka run for tests, from Maven Central's jars (the broker has no Debian package). */
export const KAFKA_VERSION = '3.9.1';
const HEAP = '256m';
/** Its pid file in its state folder. SIGTERM runs the broker's shutdown hook (controlled shutdown, flushes its logs). */
export const KAFKA_PID_FILE = 'kafka.pid';

/** The ports one test broker uses: clients, and its KRaft controller. */
export interface KafkaPorts {
  readonly broker: number;
  readonly controller: number;
}

/**
 * Fetches, once, the broker's jars and their dependencies into the download cache with Maven
 * (`dependency:copy-dependencies` on a throwaway pom, so Maven mirrors and proxies apply).
 */
async function ensureJars(env: NodeJS.ProcessEnv): Promise<string> {
  const home = path.join(cacheDir(env), `kafka-${KAFKA_VERSION}`);
  const libs = path.join(home, 'libs');
  await fillOnce(home, () => existsSync(path.join(libs, `kafka_2.13-${KAFKA_VERSION}.jar`)), async (partial) => {
    if (!which('mvn')) throw new DevstackError('Maven (mvn) is needed to fetch Kafka from Maven Central: install maven, or set TEST_KAFKA_BROKER');
    say(`downloading Kafka ${KAFKA_VERSION} jars from Maven Central`);
    writeFileSync(
      path.join(partial, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>linkscope.devstack</groupId><artifactId>kafka-jars</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
`,
    );
    await runAsync('mvn', ['-q', '-B', '-f', path.join(partial, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(partial, 'libs')}`, '-DincludeScope=runtime'], 'Maven could not fetch Kafka');
  });
  return libs;
}

/** True once the broker answers an ApiVersions (v0) request without error. */
function answersKafka(port: number): Promise<boolean> {
  const clientId = Buffer.from('linkscope-devstack');
  const body = Buffer.alloc(10 + clientId.length);
  body.writeInt16BE(18, 0); // ApiVersions
  body.writeInt16BE(0, 2); // version 0
  body.writeInt32BE(7, 4); // correlation id
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length);
  // Response: length, correlation id, then the error code.
  return answersProbe(port, Buffer.concat([length, body]), (chunk) => chunk.length >= 10 && chunk.readInt32BE(4) === 7 && chunk.readInt16BE(8) === 0);
}

function java(env: NodeJS.ProcessEnv): string {
  const home = env['JAVA_HOME'];
  if (home && existsSync(path.join(home, 'bin', 'java'))) return path.join(home, 'bin', 'java');
  const found = which('java');
  if (!found) throw new DevstackError('Java 17 or newer is needed to run Kafka for tests: install openjdk-17-jre-headless, or set TEST_KAFKA_BROKER');
  return found;
}

/**
 * Starts Apache Kafka for tests in KRaft mode (one node, broker and controller) on
 * 127.0.0.1:`ports.broker`, with a 256 MB heap and its log folder in `.linkscope/<stateName>`
 * (formatted on first use, kept between runs). Reuses a broker this checkout already runs there.
 */
export async function startKafka(ports: KafkaPorts, stateName: string, env: NodeJS.ProcessEnv): Promise<TestServer> {
  const url = `127.0.0.1:${ports.broker}`;
  const dir = serviceStateDir(stateName);
  const pidFile = path.join(dir, KAFKA_PID_FILE);
  const stop = async (): Promise<void> => {
    await stopByPidFile(dir, KAFKA_PID_FILE);
  };
  if (await reusableServer(pidFile, ports.broker, stop)) return { name: 'kafka', url, started: false, stop: async () => undefined };
  for (const port of [ports.broker, ports.controller]) {
    if (await isPortOpen(port)) throw new DevstackError(`port ${port} (Kafka for tests) is busy with another process; free it or set TEST_KAFKA_BROKER`);
  }
  const started = Date.now();
  const libs = await ensureJars(env);
  const javaBin = java(env);
  const classpath = `${libs}/*`;
  const data = path.join(dir, 'data');
  const config = path.join(dir, 'server.properties');
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${ports.controller}`,
      `listeners=PLAINTEXT://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${ports.broker}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${data}`,
      'num.partitions=1',
      'auto.create.topics.enable=true',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      // One member per group in tests: no reason to wait for more before the first assignment.
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const log4j = path.join(dir, 'log4j.properties');
  writeFileSync(
    log4j,
    ['log4j.rootLogger=WARN, stdout', 'log4j.appender.stdout=org.apache.log4j.ConsoleAppender', 'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout', 'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n', 'log4j.logger.kafka.server.KafkaRaftServer=INFO', ''].join('\n'),
  );
  const logFile = path.join(ensureDir(dir), 'kafka.log');
  writeFileSync(logFile, '');
  handToServiceUser(dir);
  const jvm = [`-Xms${HEAP}`, `-Xmx${HEAP}`, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', `-Dlog4j.configuration=file:${log4j}`, '-cp', classpath];
  if (!existsSync(path.join(data, 'meta.properties'))) {
    // A cluster id is 16 random bytes in URL-safe base64 without padding.
    const clusterId = randomBytes(16).toString('base64url');
    await runAsync(javaBin, [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config], 'Kafka could not format its log folder', { ...process.env }, true);
  }
  const server = spawnServer(javaBin, [...jvm, 'kafka.Kafka', config], { logFile, cwd: dir, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir } });
  writeFileSync(pidFile, `${server.pid}\n`);
  await waitUntilReady('Kafka', () => answersKafka(ports.broker), server.exited, logFile, 120_000);
  return { name: 'kafka', url, started: true, readyMs: Date.now() - started, stop };
}

