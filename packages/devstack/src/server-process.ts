import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { serviceUserIds } from './service-user';
import { DevstackError, isPortOpen, waitFor } from './shell';

/** A server the devstack started or found. `stop` stops it only if this call started it. */
export interface TestServer {
  readonly name: string;
  readonly url: string;
  /** True when this call started it (and `stop` will stop it). */
  readonly started: boolean;
  /** Wall time from the start request to the server answering, when `started`. */
  readonly readyMs?: number;
  stop(): Promise<void>;
}

/** The live pid in a pid file, or null when the file is missing or its process is gone. */
export function livePid(pidFile: string): number | null {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]?.trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/**
 * True when this checkout's server, by its pid file, is alive and serves `port`: the caller reuses
 * it. A live process that does not serve the port — left half-started by a setup that failed, or
 * still starting — is stopped with `stop` first: starting another beside it would overwrite the pid
 * file and orphan the first, which then holds the ports and fails every later start as "busy".
 */
export async function reusableServer(pidFile: string, port: number, stop: () => Promise<void>): Promise<boolean> {
  if (livePid(pidFile) === null) return false;
  if (await isPortOpen(port)) return true;
  await stop();
  return false;
}

/** Sends `signal` and waits up to `timeoutMs` for the process to go; then SIGKILL. */
export async function stopPid(pid: number, signal: NodeJS.Signals, timeoutMs = 30_000): Promise<void> {
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, signal);
  if (!(await waitFor(async () => !alive(), timeoutMs, 100))) process.kill(pid, 'SIGKILL');
}

/**
 * Stops the server whose pid file is `dir`/`pidFile`, if it runs: `signal` (each server's clean or
 * fast shutdown), then SIGKILL if it is still there after 30 s. True when it ran.
 */
export async function stopByPidFile(dir: string, pidFile: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<boolean> {
  const pid = livePid(path.join(dir, pidFile));
  if (pid === null) return false;
  await stopPid(pid, signal);
  return true;
}

/**
 * True when a new connection to 127.0.0.1:`port` gets, within a second, a first chunk `accepts`
 * takes: the server speaking its own protocol, not just a port open. `request` is written once
 * connected (none for servers that speak first).
 */
export function answersProbe(port: number, request: Buffer | undefined, accepts: (chunk: Buffer) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    if (request !== undefined) socket.once('connect', () => socket.write(request));
    socket.once('data', (chunk: Buffer) => done(accepts(chunk)));
  });
}

/**
 * Makes `home` (in the download cache) once: unless `ready()`, `fill` downloads or builds into an
 * empty `<home>.partial`, which then replaces `home` whole, so an interrupted run never leaves a
 * half-filled `home` that looks done. `fill` removes its own scratch files from the folder.
 */
export async function fillOnce(home: string, ready: () => boolean, fill: (partial: string) => Promise<void>): Promise<void> {
  if (ready()) return;
  const partial = `${home}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  await fill(partial);
  rmSync(home, { recursive: true, force: true });
  renameSync(partial, home);
}

/** Runs a command to completion without blocking the event loop (other servers keep starting meanwhile). */
export function runAsync(command: string, args: readonly string[], what: string, env?: NodeJS.ProcessEnv, asServiceUser = false, cwd?: string): Promise<string> {
  const ids = asServiceUser ? serviceUserIds() : undefined;
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 16 * 1024 * 1024, ...(env ? { env } : {}), ...(ids ?? {}), ...(cwd ? { cwd } : {}) }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const output = `${stdout}${stderr}`.trim().split('\n').slice(-5).join(' | ');
      reject(new DevstackError(`${what}: ${output || error.message}`));
    });
  });
}

/**
 * Starts a long-running server detached from this process, as the service user when root, with
 * stdout and stderr appended to `logFile`. Resolves `exited` if it ends (so a wait can stop early).
 */
export function spawnServer(command: string, args: readonly string[], options: { logFile: string; env: NodeJS.ProcessEnv; cwd: string }): { pid: number; exited: () => boolean } {
  const log = openSync(options.logFile, 'a');
  let exited = false;
  try {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', log, log], ...(serviceUserIds() ?? {}) });
    if (child.pid === undefined) throw new DevstackError(`could not start ${command} (see ${options.logFile})`);
    child.once('exit', () => {
      exited = true;
    });
    child.unref();
    return { pid: child.pid, exited: () => exited };
  } finally {
    closeSync(log);
  }
}

/** Waits for `ready`, failing at once (with the log's tail) if the server process ended. */
export async function waitUntilReady(name: string, ready: () => Promise<boolean>, exited: () => boolean, logFile: string, timeoutMs: number): Promise<void> {
  const tail = (): string => {
    try {
      return readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join(' | ');
    } catch {
      return '';
    }
  };
  const ok = await waitFor(async () => {
    if (exited()) throw new DevstackError(`${name} exited while starting (log ${logFile}): ${tail()}`);
    return ready();
  }, timeoutMs, 200);
  if (!ok) throw new DevstackError(`${name} did not answer within ${timeoutMs / 1000}s (log ${logFile}): ${tail()}`);
}
