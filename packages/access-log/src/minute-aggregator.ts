import { ACCESS_LOG_MAX_SAMPLE_LINE, type AccessLogSample, type AccessLogStatsEntry } from '@linkscope/domain';
import { type ParsedLine, textOf, traceIdOf } from './parsed-line';
import { ByteKeyTable } from './byte-key-table';
import { INVALID_ROUTE, type RoutePattern, RouteKeyBuilder, RouteNormaliser } from './route-normaliser';
import { RouteStats } from './route-stats';

export interface AggregatorOptions {
  /** Host recorded for lines whose format has no host variable (or whose host is `-`). */
  readonly defaultHost: string;
  readonly routePatterns?: readonly RoutePattern[];
  /** Most distinct host + method + route keys; later new routes are counted under `{other}`. */
  readonly maxRoutes?: number;
  /** Most distinct hosts; later new hosts are counted under `{other}`. */
  readonly maxHosts?: number;
  /** Lines at or above this request time are slow (counted, and sampled). */
  readonly slowThresholdUs?: number;
  /** Per minute: most slow lines and most 5xx lines sampled, and most unparseable lines sampled. */
  readonly maxSlowSamples?: number;
  readonly maxErrorSamples?: number;
  readonly maxUnparsedSamples?: number;
  /** Most minutes open at once; opening another closes the oldest. */
  readonly maxOpenMinutes?: number;
}

/** Route key of lines whose host, method or route was over its cap. */
export const OTHER = '{other}';
const MINUTE_MS = 60_000;
/** Raw method+path strings remembered per host before the cache starts over. */
const ROUTE_CACHE_LIMIT = 50_000;
/** How many closed minutes remember their last sequence number (a day). */
const CLOSED_MEMORY = 1440;

/** A closed minute: what one batch to the collector carries (without the agent's ids). */
export interface ClosedMinute {
  readonly minuteEpochMs: number;
  /** 0 for the first close of a minute; late lines for a closed minute make seq 1, 2, … */
  readonly seq: number;
  readonly entries: AccessLogStatsEntry[];
  readonly samples: AccessLogSample[];
  readonly unparsed: { count: number; samples: string[] };
}

/** Everything needed to resume aggregation exactly where it was: JSON-serialisable. */
export interface AggregatorSnapshot {
  readonly open: readonly ClosedMinute[];
  readonly closedSeqs: readonly (readonly [number, number])[];
  readonly knownKeys: readonly string[];
  readonly lastMinute: number;
  readonly newestLineEpochMs: number | null;
}

interface RouteEntry {
  readonly key: string;
  readonly host: string;
  readonly method: string;
  readonly route: string;
  /** The stats of the minute last used, to skip a map lookup while lines stay in one minute. */
  stats: RouteStats | null;
  statsMinute: number;
}

interface HostCache {
  readonly host: string;
  readonly routes: ByteKeyTable<RouteEntry>;
  readonly odd: Map<string, RouteEntry>;
  invalid: RouteEntry | null;
}

function hostCache(host: string): HostCache {
  return { host, routes: new ByteKeyTable<RouteEntry>(ROUTE_CACHE_LIMIT), odd: new Map(), invalid: null };
}

class MinuteState {
  readonly stats = new Map<string, RouteStats>();
  readonly samples: AccessLogSample[] = [];
  slowSamples = 0;
  errorSamples = 0;
  unparsedCount = 0;
  readonly unparsedSamples: string[] = [];
  constructor(
    readonly minuteEpochMs: number,
    readonly seq: number,
  ) {}
}

const METHOD = /^[A-Z]{1,16}$/;

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/**
 * Per-minute statistics per host + method + route. Lines are added in any order; a minute is
 * emitted by `close` once the caller knows no more lines for it will come, and a line that
 * arrives for an already-closed minute reopens it under the next sequence number — so every line
 * is counted in exactly one emitted minute. Bounded: routes, hosts, samples and open minutes.
 */
export class MinuteAggregator {
  private readonly normaliser: RouteNormaliser;
  private readonly maxRoutes: number;
  private readonly maxHosts: number;
  private readonly slowThresholdUs: number;
  private readonly maxSlowSamples: number;
  private readonly maxErrorSamples: number;
  private readonly maxUnparsedSamples: number;
  private readonly maxOpenMinutes: number;
  private readonly hosts = new Map<string, HostCache>();
  private readonly defaultHost: HostCache;
  private readonly knownKeys = new Set<string>();
  private readonly open = new Map<number, MinuteState>();
  private readonly closedSeqs = new Map<number, number>();
  private readonly ready: ClosedMinute[] = [];
  private current: MinuteState | null = null;
  private readonly key = new RouteKeyBuilder();
  private lastHostBytes = new Uint8Array(256);
  private lastHostLength = -1;
  private lastHost: HostCache | null = null;
  private lastMinute = -1;
  /** Lines counted under `{other}` because a cap was reached (since start). */
  overflowedLines = 0;
  /** Time of the newest line added (epoch ms), -Infinity before the first. */
  newestLineEpochMs = Number.NEGATIVE_INFINITY;

  constructor(options: AggregatorOptions) {
    this.normaliser = new RouteNormaliser(options.routePatterns ?? []);
    this.maxRoutes = options.maxRoutes ?? 1000;
    this.maxHosts = options.maxHosts ?? 100;
    this.slowThresholdUs = options.slowThresholdUs ?? 1_000_000;
    this.maxSlowSamples = options.maxSlowSamples ?? 10;
    this.maxErrorSamples = options.maxErrorSamples ?? 10;
    this.maxUnparsedSamples = options.maxUnparsedSamples ?? 10;
    this.maxOpenMinutes = options.maxOpenMinutes ?? 10;
    this.defaultHost = hostCache(cut(options.defaultHost.toLowerCase(), 256) || '-');
  }

  /** Counts one parsed line; `raw[start, end)` is the line as read, copied only when it is sampled. */
  add(line: ParsedLine, raw: Uint8Array, start: number, end: number): void {
    const time = line.timeEpochMs;
    const minute = time - (((time % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
    const state = this.current !== null && this.current.minuteEpochMs === minute ? this.current : this.minute(minute);
    const entry = this.entryFor(line);
    let stats = entry.stats;
    if (stats === null || entry.statsMinute !== minute || this.current !== state) {
      stats = state.stats.get(entry.key) ?? null;
      if (stats === null) {
        stats = new RouteStats(entry.host, entry.method, entry.route);
        state.stats.set(entry.key, stats);
      }
      entry.stats = stats;
      entry.statsMinute = minute;
    }
    this.current = state;
    this.lastMinute = minute;
    if (time > this.newestLineEpochMs) this.newestLineEpochMs = time;

    stats.count++;
    stats.bytes += line.bytes;
    stats.addStatus(line.status);
    const requestUs = line.requestTimeUs;
    if (requestUs >= 0) {
      stats.requestTime.add(requestUs);
      if (requestUs >= this.slowThresholdUs) stats.slowCount++;
    }
    if (line.upstreamTimeUs >= 0) stats.upstreamTime.add(line.upstreamTimeUs);
    if (line.status >= 500 || requestUs >= this.slowThresholdUs) this.sample(state, entry, line, raw, start, end);
  }

  /** Counts a line that did not parse, in the minute of the last good line (else `fallbackEpochMs`'s). */
  addUnparsed(buf: Uint8Array, start: number, end: number, fallbackEpochMs: number): void {
    const minute = this.lastMinute >= 0 ? this.lastMinute : fallbackEpochMs - (fallbackEpochMs % MINUTE_MS);
    const state = this.minute(minute);
    state.unparsedCount++;
    if (state.unparsedSamples.length < this.maxUnparsedSamples) state.unparsedSamples.push(textOf(buf, start, Math.min(end, start + ACCESS_LOG_MAX_SAMPLE_LINE)).slice(0, ACCESS_LOG_MAX_SAMPLE_LINE));
  }

  /** Closes every open minute that ends at or before `watermarkEpochMs` (minute start + 60 s ≤ watermark). */
  close(watermarkEpochMs: number): void {
    for (const minute of [...this.open.keys()].sort((a, b) => a - b)) {
      if (minute + MINUTE_MS <= watermarkEpochMs) this.closeMinute(minute);
    }
  }

  /** Closes every open minute (shutdown without a checkpoint, or the end of a file replay). */
  closeAll(): void {
    this.close(Number.POSITIVE_INFINITY);
  }

  /** Minutes closed since the last call, oldest first. */
  takeClosed(): ClosedMinute[] {
    return this.ready.splice(0, this.ready.length).sort((a, b) => a.minuteEpochMs - b.minuteEpochMs || a.seq - b.seq);
  }

  /** Start of the oldest open minute, or null. */
  oldestOpenMinute(): number | null {
    let oldest: number | null = null;
    for (const minute of this.open.keys()) if (oldest === null || minute < oldest) oldest = minute;
    return oldest;
  }

  snapshot(): AggregatorSnapshot {
    return {
      open: [...this.open.values()].map((state) => this.toClosed(state)),
      closedSeqs: [...this.closedSeqs.entries()],
      knownKeys: [...this.knownKeys],
      lastMinute: this.lastMinute,
      newestLineEpochMs: Number.isFinite(this.newestLineEpochMs) ? this.newestLineEpochMs : null,
    };
  }

  /** Resumes from a snapshot taken by `snapshot` (on a fresh aggregator). */
  restore(snapshot: AggregatorSnapshot): void {
    for (const [minute, seq] of snapshot.closedSeqs) this.closedSeqs.set(minute, seq);
    for (const key of snapshot.knownKeys) this.knownKeys.add(key);
    this.lastMinute = snapshot.lastMinute;
    this.newestLineEpochMs = snapshot.newestLineEpochMs ?? Number.NEGATIVE_INFINITY;
    for (const closed of snapshot.open) {
      const state = new MinuteState(closed.minuteEpochMs, closed.seq);
      for (const entry of closed.entries) state.stats.set(`${entry.host}\0${entry.method}\0${entry.route}`, RouteStats.from(entry));
      state.samples.push(...closed.samples);
      state.slowSamples = closed.samples.filter((s) => s.reason === 'slow').length;
      state.errorSamples = closed.samples.length - state.slowSamples;
      state.unparsedCount = closed.unparsed.count;
      state.unparsedSamples.push(...closed.unparsed.samples);
      this.open.set(closed.minuteEpochMs, state);
    }
  }

  private minute(minute: number): MinuteState {
    let state = this.open.get(minute);
    if (state === undefined) {
      if (this.open.size >= this.maxOpenMinutes) {
        const oldest = this.oldestOpenMinute();
        if (oldest !== null) this.closeMinute(oldest);
      }
      const closedSeq = this.closedSeqs.get(minute);
      state = new MinuteState(minute, closedSeq === undefined ? 0 : closedSeq + 1);
      this.open.set(minute, state);
    }
    return state;
  }

  private closeMinute(minute: number): void {
    const state = this.open.get(minute);
    if (!state) return;
    this.open.delete(minute);
    if (this.current === state) this.current = null;
    this.closedSeqs.set(minute, state.seq);
    if (this.closedSeqs.size > CLOSED_MEMORY) {
      const oldest = Math.min(...this.closedSeqs.keys());
      this.closedSeqs.delete(oldest);
    }
    this.ready.push(this.toClosed(state));
  }

  private toClosed(state: MinuteState): ClosedMinute {
    return {
      minuteEpochMs: state.minuteEpochMs,
      seq: state.seq,
      entries: [...state.stats.values()].map((s) => s.toJSON()),
      samples: [...state.samples],
      unparsed: { count: state.unparsedCount, samples: [...state.unparsedSamples] },
    };
  }

  private hostFor(line: ParsedLine): HostCache {
    const start = line.hostStart;
    if (start < 0) return this.defaultHost;
    const length = line.hostEnd - start;
    const buf = line.buf;
    const last = this.lastHostBytes;
    if (length === this.lastHostLength && this.lastHost !== null) {
      let i = 0;
      while (i < length && buf[start + i] === last[i]) i++;
      if (i === length) return this.lastHost;
    }
    const name = cut(textOf(buf, start, line.hostEnd).toLowerCase(), 256);
    let cache = this.hosts.get(name);
    if (cache === undefined) {
      if (this.hosts.size >= this.maxHosts) {
        cache = this.hosts.get(OTHER) ?? hostCache(OTHER);
        this.hosts.set(OTHER, cache);
      } else {
        cache = hostCache(name);
        this.hosts.set(name, cache);
      }
    }
    if (length <= last.length) {
      last.set(buf.subarray(start, line.hostEnd));
      this.lastHostLength = length;
      this.lastHost = cache;
    }
    return cache;
  }

  private entryFor(line: ParsedLine): RouteEntry {
    const host = this.hostFor(line);
    const buf = line.buf;
    const methodLength = line.methodEnd - line.methodStart;
    if (line.methodStart < 0 || line.pathStart < 0 || line.pathEnd <= line.pathStart || methodLength > 16) {
      host.invalid ??= this.newEntry(host.host, '-', INVALID_ROUTE);
      return host.invalid;
    }
    if (buf[line.pathStart] !== 0x2f) return this.oddEntry(host, line);
    // Key bytes: "<method> <normalised path>", looked up without making a string.
    const key = this.key;
    key.build(buf, line.methodStart, line.methodEnd, line.pathStart, line.pathEnd);
    let entry = host.routes.get(key.bytes, key.length, key.hash);
    if (entry === undefined) {
      const method = textOf(key.bytes, 0, methodLength);
      entry = METHOD.test(method) ? this.newEntry(host.host, method, this.normaliser.finish(textOf(key.bytes, key.pathAt, key.length))) : this.newEntry(host.host, '-', INVALID_ROUTE);
      host.routes.set(key.bytes, key.length, key.hash, entry);
    }
    return entry;
  }

  /** Targets not starting with `/` (absolute form, `*`, garbage): rare, looked up by string. */
  private oddEntry(host: HostCache, line: ParsedLine): RouteEntry {
    const buf = line.buf;
    const raw = `${textOf(buf, line.methodStart, line.methodEnd)} ${textOf(buf, line.pathStart, line.pathEnd)}`;
    let entry = host.odd.get(raw);
    if (entry === undefined) {
      const method = textOf(buf, line.methodStart, line.methodEnd);
      entry = METHOD.test(method) ? this.newEntry(host.host, method, this.normaliser.normalise(textOf(buf, line.pathStart, line.pathEnd))) : this.newEntry(host.host, '-', INVALID_ROUTE);
      if (host.odd.size >= ROUTE_CACHE_LIMIT) host.odd.clear();
      host.odd.set(raw, entry);
    }
    return entry;
  }

  private newEntry(host: string, method: string, route: string): RouteEntry {
    let key = `${host}\0${method}\0${route}`;
    if (!this.knownKeys.has(key)) {
      if (this.knownKeys.size >= this.maxRoutes || host === OTHER) {
        this.overflowedLines++;
        route = OTHER;
        key = `${host}\0${method}\0${route}`;
      } else {
        this.knownKeys.add(key);
      }
    }
    return { key, host, method, route, stats: null, statsMinute: -1 };
  }

  private sample(state: MinuteState, entry: RouteEntry, line: ParsedLine, raw: Uint8Array, start: number, end: number): void {
    const reason = line.status >= 500 ? 'server_error' : 'slow';
    if (reason === 'slow' ? state.slowSamples >= this.maxSlowSamples : state.errorSamples >= this.maxErrorSamples) return;
    if (reason === 'slow') state.slowSamples++;
    else state.errorSamples++;
    state.samples.push({
      reason,
      timeEpochMs: Math.max(0, Math.floor(line.timeEpochMs)),
      host: entry.host,
      method: entry.method,
      route: entry.route,
      path: cut(textOf(line.buf, line.pathStart, line.targetEnd), 2048),
      status: line.status,
      bytes: line.bytes,
      requestTimeUs: line.requestTimeUs >= 0 ? line.requestTimeUs : null,
      upstreamTimeUs: line.upstreamTimeUs >= 0 ? line.upstreamTimeUs : null,
      traceId: traceIdOf(line),
      line: textOf(raw, start, Math.min(end, start + ACCESS_LOG_MAX_SAMPLE_LINE)).slice(0, ACCESS_LOG_MAX_SAMPLE_LINE),
    });
  }
}
