import { z } from 'zod';

/** An object id in a path: what the config store issues (URL-safe, at most 128 characters). */
export const objectIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'not a valid id');

export const auditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(512).optional(),
});

export const invitationTokenSchema = z.strictObject({ token: z.string().min(16).max(128) });
