import { z } from 'zod';

export const objectIdSchema = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'an id is 1-64 letters, digits, - or _');
export const fingerprintSchema = z.string().regex(/^[0-9a-f]{16}$/, 'a fingerprint is 16 hexadecimal characters');

/** Query of GET /api/v1/alerts. */
export const alertHistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  state: z.enum(['firing', 'resolved']).optional(),
});
export type AlertHistoryQuery = z.infer<typeof alertHistoryQuerySchema>;

export const enableBodySchema = z.object({ enabled: z.boolean() });
export const ackBodySchema = z.object({ by: z.string().trim().min(1).max(200).default('dashboard') });
/** Body of POST /api/v1/alert-rules/preview: a rule as the editor has it (saved or not) and how far back to replay it. */
export const previewBodySchema = z.object({ rule: z.unknown(), lookbackMinutes: z.number().int().min(5).max(6 * 60).default(60) });

/** Most objects of each kind a project may have. */
export const LIMITS = { rules: 200, channels: 50, silences: 500, openIncidentsClosedOnDelete: 500 } as const;
