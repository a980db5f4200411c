import { LAYER_DIMENSIONS, LAYERS, ROLLUP_SOURCES, layerWindowSchema } from '@linkscope/domain';
import { z } from 'zod';

export const layerParamSchema = z.enum(LAYERS, { message: `layer must be one of ${LAYERS.join(', ')}` });

const source = z.enum(ROLLUP_SOURCES).optional();
const slowMs = z.coerce.number().int().min(1).max(3_600_000).default(1_000);

/** Query of GET /api/v1/layers/overview. */
export const overviewQuerySchema = layerWindowSchema.and(z.object({ worst: z.coerce.number().int().min(1).max(20).default(5), slowMs }));
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

/** Query of GET /api/v1/layers/:layer/entities. */
export const entityListQuerySchema = layerWindowSchema.and(
  z.object({
    source,
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    slowMs,
    spark: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  }),
);
export type EntityListQuery = z.infer<typeof entityListQuerySchema>;

const key = z.string().min(1).max(4096);

/** Query of GET /api/v1/layers/:layer/series. */
export const seriesQuerySchema = layerWindowSchema.and(z.object({ source, key, slowMs }));
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

/** Query of GET /api/v1/layers/:layer/traces. */
export const entityTracesQuerySchema = z
  .object({
    fromMs: z.coerce.number().int().min(0),
    toMs: z.coerce.number().int().min(0),
    key,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    errorsOnly: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    order: z.enum(['newest', 'slowest']).default('newest'),
  })
  .refine((q) => q.toMs > q.fromMs, { message: 'toMs must be after fromMs', path: ['toMs'] })
  .refine((q) => q.toMs - q.fromMs <= 7 * 86_400_000, { message: 'a trace search spans at most 7 days', path: ['toMs'] });
export type EntityTracesQuery = z.infer<typeof entityTracesQuerySchema>;

/** An entity key must have exactly as many parts as its layer has dimensions. */
export function keyPartsMatch(layer: z.infer<typeof layerParamSchema>, entityKey: string): boolean {
  return entityKey.split('\u001f').length === LAYER_DIMENSIONS[layer].length;
}
