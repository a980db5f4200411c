import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { AccessLogBatch } from '@linkscope/domain';

/** Writes a file so that a crash leaves either the old or the new content: temp file, fsync, rename. */
export function writeFileAtomic(file: string, content: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

/** The agent's checkpoint: one JSON document, replaced atomically. */
export class CheckpointStore<T> {
  constructor(private readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
  }

  load(): T | null {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`checkpoint ${this.file} is unreadable (${(error as Error).message}); move it away to start over`, { cause: error });
    }
  }

  save(state: T): void {
    writeFileAtomic(this.file, JSON.stringify(state));
  }
}

/**
 * Closed minutes waiting to be shipped, one file each, named so that the directory order is the
 * sending order (minute, then file, then sequence). A batch is written before the checkpoint that
 * forgets its lines, and removed only after the collector accepted it, so nothing is lost between.
 * Bounded: past `maxBatches`, the oldest batch is dropped and counted.
 */
export class Spool {
  private readonly rejectedDir: string;
  dropped = 0;

  constructor(
    private readonly dir: string,
    private readonly maxBatches: number,
  ) {
    this.rejectedDir = path.join(dir, 'rejected');
    mkdirSync(this.rejectedDir, { recursive: true });
  }

  static nameOf(batch: AccessLogBatch, fileKey: string, seq: number): string {
    return `${String(batch.minuteEpochMs).padStart(15, '0')}-${fileKey}-${String(seq).padStart(6, '0')}.json`;
  }

  put(name: string, batch: AccessLogBatch): void {
    writeFileAtomic(path.join(this.dir, name), JSON.stringify(batch));
    const names = this.names();
    while (names.length > this.maxBatches) {
      const oldest = names.shift()!;
      rmSync(path.join(this.dir, oldest), { force: true });
      this.dropped++;
    }
  }

  names(): string[] {
    return readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort();
  }

  read(name: string): AccessLogBatch | null {
    try {
      return JSON.parse(readFileSync(path.join(this.dir, name), 'utf8')) as AccessLogBatch;
    } catch {
      return null;
    }
  }

  remove(name: string): void {
    rmSync(path.join(this.dir, name), { force: true });
  }

  /** Keeps a batch the collector refused as invalid, out of the way of the ones after it. */
  reject(name: string): void {
    renameSync(path.join(this.dir, name), path.join(this.rejectedDir, name));
  }
}
