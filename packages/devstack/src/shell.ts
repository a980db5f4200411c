import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import * as net from 'node:net';

/** Fails a devstack step with one clear line; the CLI prints it without a stack trace. */
export class DevstackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DevstackError';
  }
}

export function which(command: string): string | null {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Runs a command to completion; throws DevstackError with `what` and the tail of its output on failure. */
export function run(command: string, args: readonly string[], what: string, options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 15 * 60_000, ...options });
  if (result.error) throw new DevstackError(`${what}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new DevstackError(`${what} (exit ${result.status}): ${output}`);
  }
  return String(result.stdout ?? '');
}

/** True when something accepts TCP connections on host:port within the timeout. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function say(message: string): void {
  process.stderr.write(`linkscope: ${message}\n`);
}

/** Polls `check` until it returns true or the deadline passes. A DevstackError from `check` ends the wait at once. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return true;
    } catch (error) {
      if (error instanceof DevstackError) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
