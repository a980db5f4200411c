// Shared pieces of the benchmarks: infra, child processes, CPU time, Redis cleanup, reporting.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import * as net from 'node:net';
import http from 'node:http';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { DEV_INGEST_KEY, ensureInfra, waitFor } from '@linkscope/devstack';
import { Storage, storageConfigFromEnv } from '@linkscope/storage';
import { MemoryAttemptCounter, Tenancy } from '@linkscope/tenancy';

export const REPO = new URL('../..', import.meta.url).pathname;

export async function infra() {
  return ensureInfra(process.env);
}

/**
 * Stores the development ingest key (organisation demo, project demo-shop) in the config index
 * under `indexPrefix`, where a collector started with that ES_INDEX_PREFIX looks keys up.
 */
export async function seedDevIngestKey(esUrl, indexPrefix) {
  const storage = new Storage(storageConfigFromEnv({ ES_URL: esUrl, ES_INDEX_PREFIX: indexPrefix }));
  try {
    await storage.configStore.ensureIndex();
    const seed = { email: 'bench@linkscope.local', password: randomBytes(18).toString('base64url'), tenantId: 'demo', organisationName: 'Demo', projectId: 'demo-shop', ingestKey: DEV_INGEST_KEY };
    await new Tenancy(storage.configStore, new MemoryAttemptCounter()).seedDemo(seed);
  } finally {
    await storage.close();
  }
}

/** Starts an app (node <entry>) with extra environment; resolves once `ready()` is true. */
export async function startApp(entry, env, ready) {
  // BENCH_APP_NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the apps a bench starts.
  const flags = process.env.BENCH_APP_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, entry], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const ok = await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
      return ready();
    }, 30_000, 100);
    if (!ok) throw new Error(`${entry} was not ready within 30 s`);
  } catch (error) {
    // Never leave a half-started app behind: it would hold its port for the next run.
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }
  return child;
}

export async function stopApp(child) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await waitFor(async () => child.exitCode !== null || child.signalCode !== null, 10_000, 50);
}

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Pids of the local processes whose command line contains `needle` (e.g. the Elasticsearch main class); [] when none can be read. */
export function pidsMatching(needle) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // gone in the meantime, or not ours to read
    }
  }
  return pids;
}

/** CPU seconds used so far by a set of processes (those that have exited since count as nothing more). */
export function cpuSecondsOfAll(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      total += cpuSecondsOf(pid);
    } catch {
      // exited
    }
  }
  return total;
}

/** Empties one Redis database on 127.0.0.1:6379 (SELECT db, FLUSHDB on one connection). */
export function flushRedisDb(db) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port: 6379, host: '127.0.0.1' });
    let replies = '';
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`*2\r\n$6\r\nSELECT\r\n$${String(db).length}\r\n${db}\r\n*1\r\n$7\r\nFLUSHDB\r\n`));
    socket.on('data', (data) => {
      replies += data.toString();
      if ((replies.match(/\r\n/g) ?? []).length >= 2) {
        socket.destroy();
        if (replies.includes('-ERR')) reject(new Error(`redis: ${replies}`));
        else resolve();
      }
    });
  });
}

/** Runs `send(i)` for i in [0, total) with at most `concurrency` in flight. */
/**
 * POSTs `body` over a keep-alive connection and resolves with the status once the answer is read.
 * Cheaper per request than `fetch` (undici's streams and promises), which matters when the load
 * generator shares the cores with what it measures.
 */
export function postBody(agent, url, headers, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

export async function runConcurrently(total, concurrency, send) {
  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      await send(i);
    }
  });
  await Promise.all(workers);
}

export function machine() {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model?.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
}

export function printJsonLine(record) {
  console.log(JSON.stringify(record));
}

export const fmt = (n) => Math.round(n).toLocaleString('en-US');
