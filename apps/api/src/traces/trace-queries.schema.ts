import { TRACE_SEARCH_LIMITS, TRACE_SEARCH_SORTS, TraceQueryError, parseTraceQuery, traceSearchExprSchema } from '@linkscope/domain';
import { z } from 'zod';

/** Query of GET /api/v1/traces. */
export const traceListQuerySchema = z.object({
  lookbackMinutes: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  service: z.string().min(1).max(256).optional(),
});
export type TraceListQuery = z.infer<typeof traceListQuerySchema>;

export const traceIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hexadecimal characters')
  .transform((id) => id.toLowerCase());

/** Query of GET /api/v1/traces/:traceId. */
export const traceLookupQuerySchema = z.object({
  startEpochMs: z.coerce.number().int().min(0).optional(),
});

const DAY_MS = 86_400_000;

/**
 * Query of GET /api/v1/traces/search. `q` is the text query language (see `parseTraceQuery`);
 * the window is `from`/`to` (epoch ms) or `lookbackMinutes` back from now, at most 31 days.
 */
export const traceSearchQuerySchema = z
  .object({
    q: z.string().max(TRACE_SEARCH_LIMITS.maxQueryLength).default(''),
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().min(0).optional(),
    lookbackMinutes: z.coerce.number().int().min(1).max(TRACE_SEARCH_LIMITS.maxWindowDays * 24 * 60).default(60),
    sort: z.enum(TRACE_SEARCH_SORTS).default('newest'),
    limit: z.coerce.number().int().min(1).max(TRACE_SEARCH_LIMITS.maxPageSize).default(50),
    cursor: z.string().min(1).max(4_096).optional(),
  })
  .transform((query, ctx) => {
    let where;
    try {
      where = parseTraceQuery(query.q);
    } catch (error) {
      if (!(error instanceof TraceQueryError)) throw error;
      ctx.addIssue({ code: 'custom', path: ['q'], message: error.message });
      return z.NEVER;
    }
    const checked = where === null ? null : traceSearchExprSchema.safeParse(where);
    if (checked && !checked.success) {
      ctx.addIssue({ code: 'custom', path: ['q'], message: checked.error.issues[0]?.message ?? 'invalid query' });
      return z.NEVER;
    }
    const toMs = query.to ?? Date.now();
    const fromMs = query.from ?? toMs - query.lookbackMinutes * 60_000;
    if (fromMs > toMs) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
      return z.NEVER;
    }
    if (toMs - fromMs > TRACE_SEARCH_LIMITS.maxWindowDays * DAY_MS) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: `the window is at most ${TRACE_SEARCH_LIMITS.maxWindowDays} days` });
      return z.NEVER;
    }
    return { where: checked?.data ?? null, fromMs, toMs, sort: query.sort, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) };
  });
export type TraceSearchRequest = z.output<typeof traceSearchQuerySchema>;

/** Query of GET /api/v1/traces/:traceId/analysis. */
export const traceAnalysisQuerySchema = z.object({
  startEpochMs: z.coerce.number().int().min(0).optional(),
  selfTimes: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

/** Query of GET /api/v1/traces/compare. */
export const traceCompareQuerySchema = z.object({
  base: traceIdSchema,
  other: traceIdSchema,
  baseStartEpochMs: z.coerce.number().int().min(0).optional(),
  otherStartEpochMs: z.coerce.number().int().min(0).optional(),
});

/** Query of GET /api/v1/traces/aggregate: one URI (root service + route or operation) over a window. */
export const traceAggregateQuerySchema = z
  .object({
    service: z.string().min(1).max(256),
    route: z.string().min(1).max(1024).optional(),
    operation: z.string().min(1).max(1024).optional(),
    lookbackMinutes: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
    sample: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => (q.route === undefined) !== (q.operation === undefined), { message: 'give exactly one of route and operation', path: ['route'] });
export type TraceAggregateQuery = z.infer<typeof traceAggregateQuerySchema>;
