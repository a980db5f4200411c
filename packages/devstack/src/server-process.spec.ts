import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { answersProbe, fillOnce, reusableServer, stopByPidFile } from './server-process';

let scratch: string;
afterEach(() => rmSync(scratch, { recursive: true, force: true }));
const newScratch = (): string => (scratch = mkdtempSync(path.join(os.tmpdir(), 'devstack-spec-')));

describe('fillOnce', () => {
  it('fills an empty partial folder that then becomes home, and does nothing once ready', async () => {
    const home = path.join(newScratch(), 'tool-1.0');
    const fills: string[] = [];
    const fill = async (partial: string): Promise<void> => {
      fills.push(partial);
      expect(existsSync(path.join(partial, 'stale'))).toBe(false);
      writeFileSync(path.join(partial, 'tool'), 'built');
    };
    writeFileSync(`${home}.partial`, 'left by an interrupted run');

    await fillOnce(home, () => existsSync(path.join(home, 'tool')), fill);
    await fillOnce(home, () => existsSync(path.join(home, 'tool')), fill);

    expect(fills).toEqual([`${home}.partial`]);
    expect(readFileSync(path.join(home, 'tool'), 'utf8')).toBe('built');
    expect(existsSync(`${home}.partial`)).toBe(false);
  });

  it('leaves home as it was when the fill fails', async () => {
    const home = path.join(newScratch(), 'tool-1.0');
    await expect(fillOnce(home, () => false, async () => Promise.reject(new Error('download failed')))).rejects.toThrow('download failed');
    expect(existsSync(home)).toBe(false);
  });
});

describe('stopByPidFile', () => {
  it('signals the process its pid file names and says it ran; false without a live one', async () => {
    const dir = newScratch();
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    writeFileSync(path.join(dir, 'server.pid'), `${child.pid}\n`);

    expect(await stopByPidFile(dir, 'server.pid', 'SIGINT')).toBe(true);
    expect(await exited).toBe('SIGINT');
    expect(await stopByPidFile(dir, 'server.pid')).toBe(false);
    expect(await stopByPidFile(dir, 'missing.pid')).toBe(false);
  });
});

describe('reusableServer', () => {
  it('reuses a live server of ours that serves its port, and stops one that does not before a new start', async () => {
    const dir = newScratch();
    const pidFile = path.join(dir, 'server.pid');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    // Half-started: a live process of ours on the pid file, not (yet) serving the port.
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    writeFileSync(pidFile, `${child.pid}\n`);
    const stops: string[] = [];
    const stop = async (): Promise<void> => {
      stops.push('stop');
      await stopByPidFile(dir, 'server.pid');
    };
    try {
      expect(await reusableServer(pidFile, port, stop)).toBe(true);
      expect(stops).toEqual([]);

      await new Promise((resolve) => server.close(resolve));
      expect(await reusableServer(pidFile, port, stop)).toBe(false);
      expect(stops).toEqual(['stop']);
      expect(await exited).toBe('SIGTERM');
      // Nothing of ours is left: nothing to stop.
      expect(await reusableServer(pidFile, port, stop)).toBe(false);
      expect(stops).toEqual(['stop']);
    } finally {
      child.kill('SIGKILL');
      server.close();
    }
  });
});

describe('answersProbe', () => {
  it('is true only when the first chunk the server sends back is accepted', async () => {
    newScratch();
    const server = net.createServer((socket) => socket.once('data', (chunk) => socket.end(Buffer.from(`re:${chunk.toString()}`))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      expect(await answersProbe(port, Buffer.from('hello'), (chunk) => chunk.toString() === 're:hello')).toBe(true);
      expect(await answersProbe(port, Buffer.from('hello'), (chunk) => chunk.toString() === 'something else')).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await answersProbe(port, Buffer.from('hello'), () => true)).toBe(false);
  });
});
