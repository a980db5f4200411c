import { appendFileSync, copyFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileFollower, type FollowerOptions, type FollowerState } from './file-follower';

let dir: string;
let file: string;
let clock: number;
const oversized: string[] = [];
const OPTIONS: FollowerOptions = { startAt: 'beginning', readBufferBytes: 256, rotationGraceMs: 1000, maxBytesPerPoll: 1 << 20 };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'follower-'));
  file = path.join(dir, 'access.log');
  clock = 1_000_000;
  oversized.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function follower(state: FollowerState | null = null, options: Partial<FollowerOptions> = {}): FileFollower {
  return new FileFollower(file, { ...OPTIONS, ...options }, { oversizedLine: (head) => oversized.push(head.toString()), log: () => undefined }, state, () => clock);
}

/** Polls and collects the complete lines handed over. */
function poll(f: FileFollower, into: string[]): void {
  f.poll((buf, start, end) => {
    let p = start;
    for (;;) {
      const nl = buf.indexOf(10, p);
      if (nl < 0 || nl >= end) return p;
      into.push(buf.toString('utf8', p, nl));
      p = nl + 1;
    }
  });
}

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i} ${'x'.repeat((from + i) % 17)}`);
const text = (l: string[]) => l.map((x) => `${x}\n`).join('');

describe('FileFollower', () => {
  it('hands over complete lines only, keeping a partial last line for later', () => {
    writeFileSync(file, 'one\ntw');
    const f = follower();
    const got: string[] = [];
    poll(f, got);
    expect(got).toEqual(['one']);
    appendFileSync(file, 'o\nthree\n');
    poll(f, got);
    expect(got).toEqual(['one', 'two', 'three']);
    f.close();
  });

  it('rename rotation: drains the old file, including lines written after the rename, then reads the new one', () => {
    writeFileSync(file, text(lines(0, 5)));
    const f = follower();
    const got: string[] = [];
    poll(f, got);
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, text(lines(5, 8))); // the writer has not reopened yet
    writeFileSync(file, text(lines(8, 10)));
    poll(f, got);
    appendFileSync(`${file}.1`, text(lines(10, 11))); // still within the grace period
    clock += 2000;
    poll(f, got);
    appendFileSync(file, text(lines(11, 13)));
    poll(f, got);
    expect(got.sort()).toEqual(lines(0, 13).sort());
    expect(f.state().rotated).toBeNull();
    f.close();
  });

  it('copy-truncate: lines not read before the copy are taken from the copy, then the file is read from its start', () => {
    writeFileSync(file, text(lines(0, 4)));
    const f = follower();
    const got: string[] = [];
    poll(f, got);
    appendFileSync(file, text(lines(4, 7)) + 'partial li'); // written, not read yet
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    appendFileSync(file, text(lines(7, 9)));
    poll(f, got);
    expect(got).toEqual([...lines(0, 7), ...lines(7, 9)]); // a line cut by the copy is not a line
    f.close();
  });

  it('copy-truncate where the file grew past the old offset before the next poll: noticed by its first bytes', () => {
    writeFileSync(file, text(lines(0, 3)));
    const f = follower();
    const got: string[] = [];
    poll(f, got);
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    appendFileSync(file, text(lines(100, 110)));
    poll(f, got);
    expect(got).toEqual([...lines(0, 3), ...lines(100, 110)]);
    f.close();
  });

  it('resumes from its state after a restart: no line lost, none repeated, a partial line completed', () => {
    writeFileSync(file, text(lines(0, 6)) + 'half');
    const first = follower();
    const got: string[] = [];
    poll(first, got);
    const state = JSON.parse(JSON.stringify(first.state())) as FollowerState;
    first.close();
    appendFileSync(file, ' done\n' + text(lines(6, 9)));
    const second = follower(state);
    poll(second, got);
    expect(got).toEqual([...lines(0, 6), 'half done', ...lines(6, 9)]);
    second.close();
  });

  it('resumes after a rename rotation that happened while stopped: finds the old file by inode', () => {
    writeFileSync(file, text(lines(0, 4)));
    const first = follower();
    const got: string[] = [];
    poll(first, got);
    const state = first.state();
    first.close();
    appendFileSync(file, text(lines(4, 6)));
    renameSync(file, `${file}-20261123`);
    writeFileSync(file, text(lines(6, 8)));
    const second = follower(state);
    poll(second, got);
    expect(got.sort()).toEqual(lines(0, 8).sort());
    second.close();
  });

  it('starts at the end of an existing file when told to, and reads files created later from their start', () => {
    writeFileSync(file, text(lines(0, 3)));
    const f = follower(null, { startAt: 'end' });
    const got: string[] = [];
    poll(f, got);
    appendFileSync(file, text(lines(3, 4)));
    poll(f, got);
    expect(got).toEqual(lines(3, 4));
    f.close();

    rmSync(file);
    const late = follower(null, { startAt: 'end' });
    poll(late, got);
    writeFileSync(file, text(lines(4, 6)));
    poll(late, got);
    expect(got).toEqual(lines(3, 6));
    late.close();
  });

  it('skips a line longer than the read buffer, reports it once, and goes on', () => {
    writeFileSync(file, `short\n${'L'.repeat(1000)}\nafter\n`);
    const f = follower();
    const got: string[] = [];
    poll(f, got);
    expect(got).toEqual(['short', 'after']);
    expect(oversized).toHaveLength(1);
    expect(oversized[0]).toMatch(/^L+$/);
    f.close();
  });
});
