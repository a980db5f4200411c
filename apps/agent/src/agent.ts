import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { type AggregatorSnapshot, type ClosedMinute, LogPipeline, createLineParser } from '@linkscope/access-log';
import { ACCESS_LOG_MAX_ENTRIES, type AccessLogBatch } from '@linkscope/domain';
import type { AgentConfig, FollowedFileConfig } from './config';
import { FileFollower, type FollowerState } from './file-follower';
import { Shipper } from './shipper';
import { CheckpointStore, Spool } from './state-files';

export type AgentLog = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

interface FileCheckpoint {
  readonly follower: FollowerState;
  readonly aggregator: AggregatorSnapshot;
}

/** Reading position and open minutes of every file, saved together so they always agree. */
interface Checkpoint {
  readonly version: 1;
  readonly agentId: string;
  readonly files: Record<string, FileCheckpoint>;
}

/** One followed file: its follower, parser and per-minute aggregation. */
class FollowedLog {
  readonly key: string;
  readonly follower: FileFollower;
  readonly pipeline: LogPipeline;

  constructor(
    readonly config: FollowedFileConfig,
    agent: AgentConfig,
    saved: FileCheckpoint | undefined,
    log: AgentLog,
    now: () => number,
  ) {
    this.key = createHash('sha256').update(config.path).digest('hex').slice(0, 12);
    this.pipeline = new LogPipeline(
      createLineParser({ format: config.format, ...(config.traceIdVariable ? { traceIdVariable: config.traceIdVariable } : {}) }),
      {
        defaultHost: config.host ?? '-',
        routePatterns: config.routePatterns,
        maxRoutes: agent.maxRoutes,
        maxHosts: agent.maxHosts,
        slowThresholdUs: agent.slowThresholdMs * 1000,
        maxSlowSamples: agent.samplesPerMinute.slow,
        maxErrorSamples: agent.samplesPerMinute.serverError,
        maxUnparsedSamples: agent.samplesPerMinute.unparsed,
      },
      now,
    );
    if (saved) this.pipeline.aggregator.restore(saved.aggregator);
    const aggregator = this.pipeline.aggregator;
    this.follower = new FileFollower(
      config.path,
      { startAt: config.startAt, readBufferBytes: agent.maxLineBytes, rotationGraceMs: agent.rotationGraceMs, maxBytesPerPoll: 64 * 1024 * 1024 },
      {
        oversizedLine: (head) => aggregator.addUnparsed(head, 0, head.length, now()),
        log: (level, msg, fields) => log(level, msg, fields),
      },
      saved?.follower ?? null,
      now,
    );
  }

  state(): FileCheckpoint {
    return { follower: this.follower.state(), aggregator: this.pipeline.aggregator.snapshot() };
  }
}

function processAlive(pid: number): boolean {
  try {
    return process.kill(pid, 0);
  } catch {
    return false;
  }
}

/** Holds the state directory for one agent process at a time. */
function lockStateDir(dir: string): () => void {
  const file = path.join(dir, 'agent.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) throw new Error(`state directory ${dir} is in use by process ${pid}`, { cause: error });
      rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot lock state directory ${dir}`);
}

/**
 * Follows the configured files, aggregates each into per-minute statistics and ships every closed
 * minute to the collector through an on-disk spool. Exactly-once counting across restarts: a
 * closed minute is spooled before the checkpoint that forgets it is written, and the checkpoint
 * saves reading offsets together with the open minutes they produced — so after a crash, lines
 * after the checkpoint are read again into the state that had not seen them, and a minute closed
 * twice carries the same batch id (stored once by the collector's worker).
 */
export class Agent {
  private readonly logs: FollowedLog[] = [];
  private readonly checkpoints: CheckpointStore<Checkpoint>;
  private readonly spool: Spool;
  private readonly shipper: Shipper;
  private readonly unlock: () => void;
  private timer: NodeJS.Timeout | null = null;
  private lastCheckpointMs = 0;
  private shipping: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly config: AgentConfig,
    private readonly log: AgentLog,
    private readonly now: () => number = Date.now,
  ) {
    this.checkpoints = new CheckpointStore<Checkpoint>(path.join(config.stateDir, 'checkpoint.json'));
    this.unlock = lockStateDir(config.stateDir);
    this.spool = new Spool(path.join(config.stateDir, 'spool'), config.maxSpooledBatches);
    this.shipper = new Shipper(
      this.spool,
      {
        url: `${config.collector.replace(/\/+$/, '')}/v1/accesslogs`,
        ingestKey: config.ingestKey,
        timeoutMs: config.timeoutMs,
        minBackoffMs: config.minBackoffMs,
        maxBackoffMs: config.maxBackoffMs,
      },
      log,
    );
  }

  start(): void {
    const saved = this.checkpoints.load();
    if (saved && saved.agentId !== this.config.agentId) {
      this.log('warn', 'checkpoint belongs to another agent id; its batch ids are kept under the old id only for files it names', { checkpointAgentId: saved.agentId });
    }
    for (const file of this.config.files) this.logs.push(new FollowedLog(file, this.config, saved?.files[file.path], this.log, this.now));
    this.shipping = this.shipper.run();
    this.log('info', 'agent following access logs', { files: this.config.files.map((f) => f.path), resumed: saved !== null, spooled: this.spool.names().length });
    this.schedule(0);
  }

  /** One round: read what is new, close finished minutes into the spool, checkpoint. */
  tick(): void {
    let closedAny = false;
    for (const followed of this.logs) {
      const aggregator = followed.pipeline.aggregator;
      const { atEnd } = followed.follower.poll((buf, start, end) => followed.pipeline.consume(buf, start, end));
      // Minutes end when the log's own clock has moved past them, or (read to the end) the wall clock has.
      const byLog = aggregator.newestLineEpochMs - this.config.closeGraceMs;
      const byClock = atEnd ? this.now() - this.config.closeGraceMs : Number.NEGATIVE_INFINITY;
      aggregator.close(Math.max(byLog, byClock));
      const closed = aggregator.takeClosed();
      for (const minute of closed) this.spoolMinute(followed, minute);
      closedAny ||= closed.length > 0;
    }
    if (closedAny || this.now() - this.lastCheckpointMs >= this.config.checkpointIntervalMs) this.checkpoint();
    if (closedAny) this.shipper.notify();
  }

  private spoolMinute(followed: FollowedLog, minute: ClosedMinute): void {
    const parts = Math.max(1, Math.ceil(minute.entries.length / ACCESS_LOG_MAX_ENTRIES));
    for (let part = 0; part < parts; part++) {
      const batch: AccessLogBatch = {
        batchId: `${this.config.agentId}/${followed.key}/${minute.minuteEpochMs}/${minute.seq}${parts > 1 ? `.${part}` : ''}`,
        agentId: this.config.agentId,
        file: followed.config.path,
        minuteEpochMs: minute.minuteEpochMs,
        entries: minute.entries.slice(part * ACCESS_LOG_MAX_ENTRIES, (part + 1) * ACCESS_LOG_MAX_ENTRIES),
        samples: part === 0 ? minute.samples : [],
        unparsed: part === 0 ? minute.unparsed : { count: 0, samples: [] },
      };
      this.spool.put(Spool.nameOf(batch, followed.key, minute.seq * 1000 + part), batch);
    }
  }

  private checkpoint(): void {
    const files: Record<string, FileCheckpoint> = {};
    for (const followed of this.logs) files[followed.config.path] = followed.state();
    this.checkpoints.save({ version: 1, agentId: this.config.agentId, files });
    this.lastCheckpointMs = this.now();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      try {
        this.tick();
      } catch (error) {
        this.log('error', 'agent round failed; retrying', { error: (error as Error).message });
      }
      this.schedule(this.config.pollMs);
    }, delayMs);
  }

  /** Saves the checkpoint (open minutes included, so a restart continues them) and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.checkpoint();
    this.shipper.stop();
    await this.shipping;
    for (const followed of this.logs) followed.follower.close();
    this.unlock();
  }

  status(): { spooled: number; sent: number; rejected: number; droppedFromSpool: number; lines: number; unparsed: number } {
    return {
      spooled: this.spool.names().length,
      sent: this.shipper.sent,
      rejected: this.shipper.rejected,
      droppedFromSpool: this.spool.dropped,
      lines: this.logs.reduce((n, l) => n + l.pipeline.counters.lines, 0),
      unparsed: this.logs.reduce((n, l) => n + l.pipeline.counters.unparsed, 0),
    };
  }
}
