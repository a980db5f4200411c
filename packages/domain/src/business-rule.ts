import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

/** One attribute condition: the span attribute `key`, as a string, equals `value`. */
export const attributeConditionSchema = z.object({ key: text(256), value: z.string().max(256) });

/**
 * How a business rule decides that a matched request succeeded:
 * - `span-status`: unless the span's status is error (the default);
 * - `http-status-below`: the HTTP response status is present and below `below`;
 * - `attribute-equals`: the attribute `key`, as a string, equals `value`.
 */
export const successConditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('span-status') }),
  z.object({ type: z.literal('http-status-below'), below: z.number().int().min(100).max(600) }),
  z.object({ type: z.literal('attribute-equals'), key: text(256), value: z.string().max(256) }),
]);

/**
 * What a business rule matches: SERVER spans whose every given condition holds. At least one
 * condition is required, so a rule never claims every request of a project.
 */
export const businessMatchSchema = z
  .object({
    service: text(256).optional(),
    route: text(512).optional(),
    spanName: text(512).optional(),
    attributes: z.array(attributeConditionSchema).max(8).default([]),
  })
  .refine((m) => m.service !== undefined || m.route !== undefined || m.spanName !== undefined || m.attributes.length > 0, {
    message: 'a rule needs at least one condition (service, route, span name or attribute)',
  });

/** The body of a business rule as created or replaced through the API. */
export const businessRuleInputSchema = z.object({
  name: text(128),
  enabled: z.boolean().default(true),
  match: businessMatchSchema,
  success: successConditionSchema.default({ type: 'span-status' }),
});
export type BusinessRuleInput = z.infer<typeof businessRuleInputSchema>;

/** A stored business rule: the input plus its id. Rules of a project are applied in id order; the first match wins. */
export interface BusinessRule extends BusinessRuleInput {
  readonly id: string;
}

/** At most this many rules per project: every span of every batch is checked against them. */
export const MAX_BUSINESS_RULES = 100;
