import { z } from 'zod';
import { LATENCY_BUCKET_COUNT } from './latency-buckets';

/**
 * Per-minute statistics an access-log agent ships to the collector (`POST /v1/accesslogs`): one
 * batch per followed file, closed minute and sequence number. `batchId` is assigned by the agent
 * and is the same every time the batch is sent, so a resend is stored once.
 */

/** Most statistics entries (host + method + route) in one batch. */
export const ACCESS_LOG_MAX_ENTRIES = 5000;
/** Most sampled lines (slow and 5xx together) in one batch. */
export const ACCESS_LOG_MAX_SAMPLES = 200;
/** Most sampled unparseable lines in one batch. */
export const ACCESS_LOG_MAX_UNPARSED_SAMPLES = 50;
/** Longest raw line kept in a sample, in characters. */
export const ACCESS_LOG_MAX_SAMPLE_LINE = 4096;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const micros = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const minuteEpochMs = z
  .number()
  .int()
  .min(0)
  .refine((ms) => ms % 60_000 === 0, 'must be the start of a minute (a multiple of 60000 ms)');

/** Sparse latency bucket counts keyed by bucket index ("0"…"255"), microsecond buckets shared with span rollups. */
const bucketCounts = z
  .record(z.string().regex(/^\d{1,3}$/, 'bucket index must be a number'), count)
  .refine((b) => Object.keys(b).every((k) => Number(k) < LATENCY_BUCKET_COUNT), `bucket index must be below ${LATENCY_BUCKET_COUNT}`)
  .refine((b) => Object.keys(b).length <= LATENCY_BUCKET_COUNT, 'too many buckets');

const latency = z.object({
  /** How many lines carried this timing (request time is absent from some formats; upstream time is `-` without an upstream). */
  count,
  sumUs: micros,
  maxUs: micros,
  buckets: bucketCounts,
});

export const accessLogStatsEntrySchema = z
  .object({
    host: z.string().min(1).max(256),
    method: z.string().min(1).max(16),
    route: z.string().min(1).max(512),
    count: count.min(1),
    /** Status code → count ("200": 17). Codes are 100–599; other values are logged as "0". */
    statusCounts: z.record(z.string().regex(/^(0|[1-5]\d\d)$/, 'status must be 0 or 100-599'), count),
    bytes: count,
    /** Lines at or above the agent's slow threshold (by request time). */
    slowCount: count,
    requestTime: latency,
    upstreamTime: latency,
  })
  .superRefine((entry, ctx) => {
    const statuses = Object.values(entry.statusCounts).reduce((a, b) => a + b, 0);
    if (statuses !== entry.count) ctx.addIssue({ code: 'custom', message: `status counts add up to ${statuses}, not count ${entry.count}`, path: ['statusCounts'] });
    for (const which of ['requestTime', 'upstreamTime'] as const) {
      const t = entry[which];
      const inBuckets = Object.values(t.buckets).reduce((a, b) => a + b, 0);
      if (inBuckets !== t.count) ctx.addIssue({ code: 'custom', message: `buckets add up to ${inBuckets}, not ${t.count}`, path: [which, 'buckets'] });
      if (t.count > entry.count) ctx.addIssue({ code: 'custom', message: `more timed lines (${t.count}) than lines (${entry.count})`, path: [which, 'count'] });
    }
    if (entry.slowCount > entry.count) ctx.addIssue({ code: 'custom', message: 'slowCount exceeds count', path: ['slowCount'] });
  });

export const accessLogSampleSchema = z.object({
  /** Why it was kept. */
  reason: z.enum(['slow', 'server_error']),
  timeEpochMs: z.number().int().min(0),
  host: z.string().max(256),
  method: z.string().max(16),
  route: z.string().max(512),
  path: z.string().max(2048),
  status: z.number().int().min(0).max(999),
  bytes: count,
  requestTimeUs: micros.nullable(),
  upstreamTimeUs: micros.nullable(),
  /** Lower-case 32-hex trace id when the log carries one. */
  traceId: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
  line: z.string().max(ACCESS_LOG_MAX_SAMPLE_LINE),
});

export const accessLogBatchSchema = z.object({
  /** Agent-assigned, stable across resends: `<agent>/<file>/<minute>/<seq>`. */
  batchId: z.string().min(1).max(256).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
  agentId: z.string().min(1).max(128),
  /** The followed file the lines came from (as configured on the agent). */
  file: z.string().min(1).max(1024),
  minuteEpochMs,
  entries: z.array(accessLogStatsEntrySchema).max(ACCESS_LOG_MAX_ENTRIES),
  samples: z.array(accessLogSampleSchema).max(ACCESS_LOG_MAX_SAMPLES),
  unparsed: z.object({
    count,
    samples: z.array(z.string().max(ACCESS_LOG_MAX_SAMPLE_LINE)).max(ACCESS_LOG_MAX_UNPARSED_SAMPLES),
  }),
});

export type AccessLogLatency = z.infer<typeof latency>;
export type AccessLogStatsEntry = z.infer<typeof accessLogStatsEntrySchema>;
export type AccessLogSample = z.infer<typeof accessLogSampleSchema>;
export type AccessLogBatch = z.infer<typeof accessLogBatchSchema>;

/** Query of GET /api/v1/access-logs/summary (shared by api and dashboard). */
export const accessLogSummaryQuerySchema = z
  .object({
    fromMs: z.coerce.number().int().min(0),
    toMs: z.coerce.number().int().min(0),
    /** Only this host (the agent's host, or the log's `$host`). */
    host: z.string().min(1).max(256).optional(),
    /** Most sampled lines returned, newest first. */
    samples: z.coerce.number().int().min(0).max(200).default(50),
  })
  .refine((q) => q.toMs > q.fromMs, { message: 'toMs must be after fromMs', path: ['toMs'] })
  .refine((q) => q.toMs - q.fromMs <= 31 * 86_400_000, { message: 'a window is at most 31 days', path: ['toMs'] });
export type AccessLogSummaryQuery = z.infer<typeof accessLogSummaryQuerySchema>;

/** Totals of one minute across every host, route and batch of the access logs. */
export interface AccessLogMinuteTotal {
  readonly minuteEpochMs: number;
  readonly count: number;
  /** 5xx lines. */
  readonly errors: number;
  readonly slowCount: number;
  /** Lines that did not fit the configured format, of every followed file (they have no host, so no host filter applies). */
  readonly unparsed: number;
}

/** A sampled slow or 5xx line as stored. */
export interface AccessLogSampleView {
  readonly timeEpochMs: number;
  readonly reason: string;
  readonly host: string;
  readonly method: string;
  readonly route: string;
  readonly path: string;
  readonly status: number;
  readonly requestTimeUs: number | null;
  readonly traceId: string | null;
  readonly line: string;
}

/** What the URI page shows about the access logs of a window beside the per-route figures. */
export interface AccessLogSummaryResponse {
  readonly fromMs: number;
  readonly toMs: number;
  /** Minutes with lines, oldest first. */
  readonly minutes: readonly AccessLogMinuteTotal[];
  readonly totals: { readonly count: number; readonly errors: number; readonly slowCount: number; readonly unparsed: number };
  readonly samples: readonly AccessLogSampleView[];
}
