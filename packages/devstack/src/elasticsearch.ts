import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { RUN_DIR, cacheDir, ensureDir, isRoot } from './paths';
import { SERVICE_USER as ES_USER, asServiceUser, ensureServiceUser } from './service-user';
import { DevstackError, isPortOpen, run, say, waitFor, which } from './shell';

/** The Elasticsearch version run locally: the last 8.x line, matching the @elastic/elasticsearch@8 client. */
export const ES_VERSION = '8.19.21';
const ES_ARTIFACT = `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip`;
const HTTP_PORT = 9200;
const START_TIMEOUT_MS = 180_000;

export interface ElasticsearchStatus {
  readonly url: string;
  readonly managed: boolean;
  readonly healthy: boolean;
  readonly version?: string;
}

async function clusterInfo(url: string): Promise<{ version: string; status: string } | null> {
  try {
    // The integration-test distribution has no `GET /` handler, so the version comes from _cat/nodes.
    const nodes = await fetch(`${url}/_cat/nodes?h=version&format=json`, { signal: AbortSignal.timeout(2000) });
    if (!nodes.ok) return null;
    const list = (await nodes.json()) as { version?: string }[];
    const health = await fetch(`${url}/_cluster/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await health.json()) as { status?: string };
    return { version: list[0]?.version ?? 'unknown', status: body.status ?? 'unknown' };
  } catch {
    return null;
  }
}

/** Downloads (once, through Maven so mirrors and proxies apply) and unpacks the distribution into the cache. */
function ensureDistribution(env: NodeJS.ProcessEnv): string {
  const cache = cacheDir(env);
  const home = path.join(cache, `elasticsearch-${ES_VERSION}`);
  if (existsSync(path.join(home, 'bin', 'elasticsearch'))) return home;
  const zipDir = ensureDir(path.join(cache, 'downloads'));
  const zip = path.join(zipDir, `elasticsearch-${ES_VERSION}.zip`);
  if (!existsSync(zip)) {
    if (!which('mvn')) throw new DevstackError('Maven (mvn) is needed to fetch Elasticsearch from Maven Central: install maven, or set ES_URL to an existing cluster');
    say(`downloading Elasticsearch ${ES_VERSION} (integration-test distribution) from Maven Central`);
    run('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${ES_ARTIFACT}`, `-DoutputDirectory=${zipDir}`], 'Maven could not fetch Elasticsearch');
  }
  if (!which('unzip')) throw new DevstackError('unzip is needed to unpack Elasticsearch: apt-get install unzip');
  const partial = `${home}.partial`;
  rmSync(partial, { recursive: true, force: true });
  ensureDir(partial);
  run('unzip', ['-q', zip, '-d', partial], 'could not unpack Elasticsearch');
  const inner = readdirSync(partial).find((name) => name.startsWith('elasticsearch-'));
  if (!inner) throw new DevstackError('the Elasticsearch zip has no elasticsearch-* folder');
  renameSync(path.join(partial, inner), home);
  rmSync(partial, { recursive: true, force: true });
  return home;
}

function javaHome(env: NodeJS.ProcessEnv): string {
  const fromEnv = env['ES_JAVA_HOME'] ?? env['JAVA_HOME'];
  if (fromEnv && existsSync(path.join(fromEnv, 'bin', 'java'))) return fromEnv;
  const java = which('java');
  if (!java) throw new DevstackError('Java 17 or newer is needed to run Elasticsearch locally: install openjdk-17-jre-headless, or set ES_URL');
  return path.dirname(path.dirname(run('readlink', ['-f', java], 'could not resolve java').trim()));
}

/** Where this checkout keeps Elasticsearch's data: in the repository when the service user can reach it. */
function stateDir(): string {
  const local = ensureDir(path.join(RUN_DIR, 'elasticsearch'));
  if (!isRoot()) return local;
  run('chown', [ES_USER, local], 'chown');
  const [cmd, args] = asServiceUser('test', ['-w', local]);
  if (run('sh', ['-c', `${[cmd, ...args].map((a) => `'${a}'`).join(' ')} && echo yes || echo no`], 'test').trim() === 'yes') return local;
  const fallback = ensureDir(path.join('/var/lib/linkscope', createHash('sha1').update(RUN_DIR).digest('hex').slice(0, 10)));
  writeFileSync(path.join(local, 'LOCATION'), `${fallback}\n`);
  return fallback;
}

function pidFile(dir: string): string {
  return path.join(dir, 'es.pid');
}

function readPid(dir: string): number | null {
  try {
    const pid = Number(readFileSync(pidFile(dir), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export function elasticsearchStateDir(): string {
  const marker = path.join(RUN_DIR, 'elasticsearch', 'LOCATION');
  return existsSync(marker) ? readFileSync(marker, 'utf8').trim() : path.join(RUN_DIR, 'elasticsearch');
}

/**
 * Makes sure an Elasticsearch 8 answers. With ES_URL set it only checks that cluster. Otherwise it
 * reuses one already healthy on 127.0.0.1:9200, or starts the integration-test distribution.
 */
export async function ensureElasticsearch(env: NodeJS.ProcessEnv): Promise<ElasticsearchStatus> {
  const external = env['ES_URL'];
  if (external) {
    const info = await clusterInfo(external);
    if (!info) throw new DevstackError(`ES_URL=${external} does not answer as Elasticsearch`);
    return { url: external, managed: false, healthy: info.status !== 'red', version: info.version };
  }
  const url = `http://127.0.0.1:${HTTP_PORT}`;
  const existing = await clusterInfo(url);
  if (existing) {
    if (!existing.version.startsWith('8.')) throw new DevstackError(`port ${HTTP_PORT} has Elasticsearch ${existing.version}; Linkscope needs 8.x (stop it or set ES_URL)`);
    return { url, managed: readPid(elasticsearchStateDir()) !== null, healthy: existing.status !== 'red', version: existing.version };
  }
  if (await isPortOpen(HTTP_PORT)) throw new DevstackError(`port ${HTTP_PORT} is busy with something that is not Elasticsearch; free it or set ES_URL`);

  const home = ensureDistribution(env);
  const java = javaHome(env);
  ensureServiceUser();
  const dir = stateDir();
  const config = ensureDir(path.join(dir, 'config'));
  const data = ensureDir(path.join(dir, 'data'));
  const logs = ensureDir(path.join(dir, 'logs'));
  for (const file of ['jvm.options', 'log4j2.properties']) writeFileSync(path.join(config, file), readFileSync(path.join(home, 'config', file)));
  ensureDir(path.join(config, 'jvm.options.d'));
  writeFileSync(
    path.join(config, 'elasticsearch.yml'),
    [
      'cluster.name: linkscope-local',
      'node.name: linkscope-local-1',
      'network.host: 127.0.0.1',
      `http.port: ${HTTP_PORT}`,
      'transport.port: 9300-9399',
      'discovery.type: single-node',
      `path.data: ${data}`,
      `path.logs: ${logs}`,
      'xpack.security.enabled: false',
      // A nearly full developer disk must not turn indices read-only in the middle of a test run.
      'cluster.routing.allocation.disk.threshold_enabled: false',
      'action.destructive_requires_name: false',
      '',
    ].join('\n'),
  );
  if (isRoot()) run('chown', ['-R', ES_USER, dir], 'could not hand the Elasticsearch folder to its user');

  const heap = env['LINKSCOPE_ES_HEAP'] ?? '1g';
  say(`starting Elasticsearch ${ES_VERSION} on ${url} (heap ${heap})`);
  const started = Date.now();
  const [cmd, args] = asServiceUser('env', [
    `ES_JAVA_HOME=${java}`,
    `ES_PATH_CONF=${config}`,
    `ES_JAVA_OPTS=-Xms${heap} -Xmx${heap}`,
    path.join(home, 'bin', 'elasticsearch'),
    '-d',
    '-p',
    pidFile(dir),
  ]);
  try {
    run(cmd, args, 'Elasticsearch failed to start', { timeout: START_TIMEOUT_MS });
  } catch (error) {
    throw new DevstackError(`${(error as Error).message} (log: ${path.join(logs, 'linkscope-local.log')})`);
  }
  const healthy = await waitFor(async () => (await clusterInfo(url))?.status !== undefined, START_TIMEOUT_MS, 500);
  if (!healthy) throw new DevstackError(`Elasticsearch did not become healthy within ${START_TIMEOUT_MS / 1000}s (log: ${logs})`);
  say(`Elasticsearch ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return { url, managed: true, healthy: true, version: ES_VERSION };
}

/** Stops the Elasticsearch this checkout started; leaves any other alone. */
export async function stopElasticsearch(): Promise<boolean> {
  const dir = elasticsearchStateDir();
  const pid = readPid(dir);
  if (pid === null) return false;
  process.kill(pid, 'SIGTERM');
  const stopped = await waitFor(async () => readPid(dir) === null, 60_000, 250);
  if (!stopped) process.kill(pid, 'SIGKILL');
  return true;
}

export async function elasticsearchStatus(env: NodeJS.ProcessEnv): Promise<ElasticsearchStatus> {
  const url = env['ES_URL'] ?? `http://127.0.0.1:${HTTP_PORT}`;
  const info = await clusterInfo(url);
  return {
    url,
    managed: !env['ES_URL'] && readPid(elasticsearchStateDir()) !== null,
    healthy: info !== null && info.status !== 'red',
    ...(info ? { version: info.version } : {}),
  };
}

export function purgeElasticsearchData(): void {
  const dir = elasticsearchStateDir();
  rmSync(dir, { recursive: true, force: true });
  rmSync(path.join(RUN_DIR, 'elasticsearch'), { recursive: true, force: true });
}

export function elasticsearchLogFile(): string {
  return path.join(elasticsearchStateDir(), 'logs', 'linkscope-local.log');
}
