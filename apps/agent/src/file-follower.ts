import { type Stats, closeSync, fstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** Where reading of one file stands: enough to reopen it after a restart. */
export interface FollowPosition {
  /** `dev:ino` of the file. */
  readonly inode: string;
  /** Byte offset just past the last complete line handed over. */
  readonly offset: number;
  /** The file's first bytes (up to 64, base64): tells a truncated-and-rewritten file from the one we read. */
  readonly head: string;
  /** True while the rest of an over-long line is being skipped. */
  readonly skipping: boolean;
}

export interface FollowerState {
  readonly current: FollowPosition | null;
  /** The previous file after a rename rotation, still drained for a grace period. */
  readonly rotated: FollowPosition | null;
}

/** Receives complete lines: consumes buf[start, end) up to its last newline and answers where it stopped. */
export type ChunkConsumer = (buf: Buffer, start: number, end: number) => number;

export interface FollowerEvents {
  /** A line longer than the read buffer: counted by the caller as unparseable (the head is given). */
  oversizedLine(head: Buffer): void;
  log(level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>): void;
}

export interface FollowerOptions {
  readonly startAt: 'beginning' | 'end';
  /** Also the longest line handled; longer lines are skipped and reported. */
  readonly readBufferBytes: number;
  /** How long a renamed file keeps being read after the new one appears (the writer may not have reopened yet). */
  readonly rotationGraceMs: number;
  /** Most bytes read per poll, so several files share the agent fairly. */
  readonly maxBytesPerPoll: number;
}

const HEAD_BYTES = 64;

interface Source {
  fd: number;
  /** Holds the partial last line (`carry` bytes) between reads. */
  readonly buf: Buffer;
  inode: string;
  /** File offset of buf[0]: everything before it was handed over. */
  offset: number;
  carry: number;
  head: Buffer;
  skipping: boolean;
  rotatedAtMs: number;
}

function inodeOf(stat: { dev: number; ino: number }): string {
  return `${stat.dev}:${stat.ino}`;
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/**
 * Follows one path across both kinds of rotation:
 * - rename (logrotate `create`, or a move then a new file): the old file is drained to its end and
 *   kept open for `rotationGraceMs` (the writer may still be writing to it until it reopens), then
 *   the new file is read from its start;
 * - copy-truncate: the file shrinks (or its first bytes change); what had not been read yet is
 *   taken from the copy (a file in the same directory starting with the same bytes), then the
 *   file is read again from its start.
 * Positions survive restarts through `state()`: after a restart the file is found again by inode,
 * also when it was rotated while the agent was down. Only complete lines are handed over; the
 * offset saved never splits a line.
 */
export class FileFollower {
  private current: Source | null = null;
  private rotated: Source | null = null;
  private readonly directory: string;
  private readonly base: string;

  constructor(
    readonly file: string,
    private readonly options: FollowerOptions,
    private readonly events: FollowerEvents,
    state: FollowerState | null,
    private readonly now: () => number = Date.now,
  ) {
    this.directory = path.dirname(file);
    this.base = path.basename(file);
    this.resume(state);
  }

  /** Reads what is new. `atEnd` is true when every open file was read to its end. */
  poll(consume: ChunkConsumer): { bytes: number; atEnd: boolean } {
    let bytes = 0;
    let atEnd = true;
    if (this.rotated) {
      const r = this.read(this.rotated, consume, this.options.maxBytesPerPoll);
      bytes += r.bytes;
      atEnd &&= r.atEnd;
      if (r.atEnd && this.now() - this.rotated.rotatedAtMs >= this.options.rotationGraceMs) this.finishRotated(consume);
    }
    this.checkPath(consume);
    if (this.current) {
      this.checkTruncation(this.current, consume);
      const r = this.read(this.current, consume, this.options.maxBytesPerPoll - bytes);
      bytes += r.bytes;
      atEnd &&= r.atEnd;
    }
    return { bytes, atEnd };
  }

  state(): FollowerState {
    const position = (s: Source | null): FollowPosition | null => (s ? { inode: s.inode, offset: s.offset, head: s.head.toString('base64'), skipping: s.skipping } : null);
    return { current: position(this.current), rotated: position(this.rotated) };
  }

  close(): void {
    for (const s of [this.current, this.rotated]) if (s) closeSync(s.fd);
    this.current = null;
    this.rotated = null;
  }

  private resume(state: FollowerState | null): void {
    if (state?.rotated) {
      const found = this.findByInode(state.rotated.inode);
      if (found) this.rotated = this.open(found, state.rotated, 0);
      else this.events.log('warn', 'rotated file from the checkpoint is gone; its unread lines are lost', { file: this.file, inode: state.rotated.inode });
    }
    const stat = statOrNull(this.file);
    if (!state?.current) {
      if (stat) this.current = this.openAt(this.file, this.options.startAt === 'end' ? stat.size : 0);
      return;
    }
    const saved = state.current;
    if (stat && inodeOf(stat) === saved.inode) {
      this.current = this.open(this.file, saved, 0);
      return;
    }
    // Rotated while the agent was down: finish the old file (found by inode), start the new one.
    const found = this.findByInode(saved.inode);
    if (found) {
      if (this.rotated) this.finishRotated(() => 0);
      this.rotated = this.open(found, saved, 0);
      this.events.log('info', 'file was rotated while the agent was stopped; reading the rest of the old one', { file: this.file, old: found });
    } else {
      this.events.log('warn', 'file from the checkpoint is gone; its unread lines are lost', { file: this.file, inode: saved.inode });
    }
    if (stat) this.current = this.openAt(this.file, 0);
  }

  private open(file: string, saved: FollowPosition, rotatedAtMs: number): Source {
    const fd = openSync(file, 'r');
    const buf = Buffer.allocUnsafe(this.options.readBufferBytes);
    return { fd, buf, inode: inodeOf(fstatSync(fd)), offset: saved.offset, carry: 0, head: Buffer.from(saved.head, 'base64'), skipping: saved.skipping, rotatedAtMs };
  }

  private openAt(file: string, offset: number): Source {
    const fd = openSync(file, 'r');
    const source: Source = { fd, buf: Buffer.allocUnsafe(this.options.readBufferBytes), inode: inodeOf(fstatSync(fd)), offset, carry: 0, head: Buffer.alloc(0), skipping: false, rotatedAtMs: 0 };
    this.refreshHead(source);
    return source;
  }

  /** Files in the same directory that may be this one rotated: same name prefix, not compressed. */
  private candidates(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch {
      return [];
    }
    return names.filter((n) => n.startsWith(this.base) && !/\.(gz|bz2|xz|zst|zip)$/.test(n)).map((n) => path.join(this.directory, n));
  }

  private findByInode(inode: string): string | null {
    for (const candidate of this.candidates()) {
      const stat = statOrNull(candidate);
      if (stat && inodeOf(stat) === inode) return candidate;
    }
    return null;
  }

  private checkPath(consume: ChunkConsumer): void {
    const stat = statOrNull(this.file);
    if (!stat) return; // moved away and not recreated yet: keep draining what is open
    const inode = inodeOf(stat);
    if (this.current && inode === this.current.inode) return;
    if (this.current) {
      if (this.rotated) this.finishRotated(consume);
      this.rotated = this.current;
      this.rotated.rotatedAtMs = this.now();
      this.read(this.rotated, consume, Number.POSITIVE_INFINITY);
      this.events.log('info', 'file rotated (renamed); following the new one', { file: this.file });
    }
    this.current = this.openAt(this.file, 0);
  }

  private finishRotated(consume: ChunkConsumer): void {
    const source = this.rotated;
    if (!source) return;
    this.read(source, consume, Number.POSITIVE_INFINITY);
    if (source.carry > 0 && !source.skipping && source.carry < source.buf.length) {
      // The writer is gone: a last line without its newline is still a line.
      source.buf[source.carry] = 10;
      consume(source.buf, 0, source.carry + 1);
    }
    closeSync(source.fd);
    this.rotated = null;
  }

  /** Copy-truncate: the file is shorter than what was read, or starts with other bytes. */
  private checkTruncation(source: Source, consume: ChunkConsumer): void {
    const size = fstatSync(source.fd).size;
    const readTo = source.offset + source.carry;
    let truncated = size < readTo;
    if (!truncated && source.head.length > 0 && readTo > 0) {
      const now = Buffer.alloc(source.head.length);
      const n = readSync(source.fd, now, 0, now.length, 0);
      truncated = n < source.head.length || !now.equals(source.head);
    }
    if (!truncated) return;
    const copy = this.findCopy(source, readTo);
    if (copy) {
      // Take what had not been read yet from the copy, continuing the partial line.
      const fd = openSync(copy, 'r');
      const original = source.fd;
      source.fd = fd;
      this.read(source, consume, Number.POSITIVE_INFINITY);
      source.fd = original;
      closeSync(fd);
      this.events.log('info', 'file truncated (copy-truncate); read the rest from the copy', { file: this.file, copy });
    } else {
      this.events.log('warn', 'file truncated and no copy found; lines written after the last read and before the truncation may be lost', { file: this.file });
    }
    source.offset = 0;
    source.carry = 0;
    source.skipping = false;
    source.head = Buffer.alloc(0);
    this.refreshHead(source);
  }

  private findCopy(source: Source, readTo: number): string | null {
    if (source.head.length === 0) return null;
    for (const candidate of this.candidates()) {
      if (candidate === this.file) continue;
      const stat = statOrNull(candidate);
      if (!stat || stat.size < readTo) continue;
      let fd: number | null = null;
      try {
        fd = openSync(candidate, 'r');
        const head = Buffer.alloc(source.head.length);
        readSync(fd, head, 0, head.length, 0);
        if (head.equals(source.head)) return candidate;
      } catch {
        // unreadable candidate: not ours
      } finally {
        if (fd !== null) closeSync(fd);
      }
    }
    return null;
  }

  private refreshHead(source: Source): void {
    if (source.head.length >= HEAD_BYTES) return;
    const head = Buffer.alloc(HEAD_BYTES);
    const n = readSync(source.fd, head, 0, HEAD_BYTES, 0);
    source.head = head.subarray(0, n);
  }

  /** Reads from the source's position, hands complete lines over, keeps the partial last line. */
  private read(source: Source, consume: ChunkConsumer, budget: number): { bytes: number; atEnd: boolean } {
    const buf = source.buf;
    let total = 0;
    for (;;) {
      if (total >= budget) return { bytes: total, atEnd: false };
      const n = readSync(source.fd, buf, source.carry, buf.length - source.carry, source.offset + source.carry);
      if (n === 0) break;
      total += n;
      const end = source.carry + n;
      let start = 0;
      if (source.skipping) {
        const newline = buf.indexOf(10, source.carry);
        if (newline < 0 || newline >= end) {
          source.offset += end;
          source.carry = 0;
          continue;
        }
        start = newline + 1;
        source.skipping = false;
      }
      const used = consume(buf, start, end);
      if (used === 0 && end === buf.length) {
        // No newline in a full buffer: a line longer than we handle. Report it, skip to its end.
        this.events.oversizedLine(buf.subarray(start, Math.min(end, start + 4096)));
        source.offset += end;
        source.carry = 0;
        source.skipping = true;
        continue;
      }
      buf.copy(buf, 0, used, end);
      source.offset += used;
      source.carry = end - used;
    }
    if (source.head.length < HEAD_BYTES) this.refreshHead(source);
    return { bytes: total, atEnd: true };
  }
}
