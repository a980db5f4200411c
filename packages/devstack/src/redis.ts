import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { RUN_DIR, ensureDir, isRoot } from './paths';
import { DevstackError, isPortOpen, run, say, waitFor, which } from './shell';

const PORT = 6379;

export interface RedisStatus {
  readonly url: string;
  readonly managed: boolean;
  readonly healthy: boolean;
  readonly evictionPolicy?: string;
}

/** Sends one RESP command and returns the raw reply text (enough for PING and CONFIG GET). */
function command(port: number, host: string, parts: readonly string[], timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    let reply = '';
    const done = (value: string | null): void => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('error', () => done(null));
    socket.once('connect', () => socket.write(`*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.startsWith('+') || reply.startsWith('-') || (reply.startsWith('*') && reply.split('\r\n').length >= 5)) done(reply);
    });
  });
}

async function ping(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await command(port, host, ['PING']))?.startsWith('+PONG') ?? false;
}

async function evictionPolicy(port: number): Promise<string | undefined> {
  const reply = await command(port, '127.0.0.1', ['CONFIG', 'GET', 'maxmemory-policy']);
  return reply?.split('\r\n')[4];
}

function pidFile(): string {
  return path.join(RUN_DIR, 'redis', 'redis.pid');
}

function managedPid(): number | null {
  try {
    const pid = Number(readFileSync(pidFile(), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

function ensureRedisBinary(env: NodeJS.ProcessEnv): string {
  const found = which('redis-server');
  if (found) return found;
  if (!isRoot() || env['LINKSCOPE_INSTALL_PACKAGES'] === 'false') {
    throw new DevstackError('redis-server is missing: install Debian\'s redis-server (apt-get install redis-server), or set REDIS_URL');
  }
  say('installing redis-server from Debian packages');
  run('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server'], 'apt-get could not install redis-server');
  const installed = which('redis-server');
  if (!installed) throw new DevstackError('redis-server is still missing after apt-get install');
  return installed;
}

/**
 * Makes sure a Redis answers. With REDIS_URL set it only checks that server is reachable.
 * Otherwise it reuses a server already on 6379, or starts Debian's redis-server with
 * noeviction and AOF, as BullMQ requires.
 */
export async function ensureRedis(env: NodeJS.ProcessEnv): Promise<RedisStatus> {
  const external = env['REDIS_URL'];
  if (external) {
    const url = new URL(external);
    const open = await isPortOpen(Number(url.port || PORT), url.hostname);
    if (!open) throw new DevstackError(`REDIS_URL=${external} is not reachable`);
    return { url: external, managed: false, healthy: true };
  }
  const url = `redis://127.0.0.1:${PORT}`;
  if (await ping(PORT)) {
    const policy = await evictionPolicy(PORT);
    if (policy && policy !== 'noeviction') say(`warning: the Redis on ${PORT} uses maxmemory-policy ${policy}; BullMQ needs noeviction`);
    return { url, managed: managedPid() !== null, healthy: true, ...(policy ? { evictionPolicy: policy } : {}) };
  }
  if (await isPortOpen(PORT)) throw new DevstackError(`port ${PORT} is busy with something that does not answer PING; free it or set REDIS_URL`);
  const binary = ensureRedisBinary(env);
  const dir = ensureDir(path.join(RUN_DIR, 'redis'));
  say(`starting redis-server on ${url}`);
  run(binary, [
    '--port', String(PORT), '--bind', '127.0.0.1', '--daemonize', 'yes',
    '--pidfile', pidFile(), '--dir', dir, '--logfile', path.join(dir, 'redis.log'),
    '--maxmemory-policy', 'noeviction', '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
  ], 'redis-server failed to start');
  if (!(await waitFor(() => ping(PORT), 10_000))) throw new DevstackError(`redis-server did not answer within 10s (log: ${path.join(dir, 'redis.log')})`);
  return { url, managed: true, healthy: true, evictionPolicy: 'noeviction' };
}

export async function stopRedis(): Promise<boolean> {
  const pid = managedPid();
  if (pid === null) return false;
  process.kill(pid, 'SIGTERM');
  await waitFor(async () => managedPid() === null, 10_000);
  return true;
}

export async function redisStatus(env: NodeJS.ProcessEnv): Promise<RedisStatus> {
  const external = env['REDIS_URL'];
  if (external) {
    const url = new URL(external);
    return { url: external, managed: false, healthy: await isPortOpen(Number(url.port || PORT), url.hostname) };
  }
  return { url: `redis://127.0.0.1:${PORT}`, managed: managedPid() !== null, healthy: await ping(PORT) };
}

export function purgeRedisData(): void {
  rmSync(path.join(RUN_DIR, 'redis'), { recursive: true, force: true });
}

export function redisLogFile(): string | null {
  const file = path.join(RUN_DIR, 'redis', 'redis.log');
  return existsSync(file) ? file : null;
}
