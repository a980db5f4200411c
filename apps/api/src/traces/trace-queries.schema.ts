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
