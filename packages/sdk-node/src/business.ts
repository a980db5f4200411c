import { activeLocalRoot } from './local-root.processor';

/** Span attribute naming the business transaction (for example `place-order`). */
export const BUSINESS_NAME_ATTRIBUTE = 'biz.name';
/** Span attribute saying whether the business transaction succeeded (boolean). */
export const BUSINESS_SUCCESS_ATTRIBUTE = 'biz.success';
/** Span attribute with a short reason when it did not (optional, from {@link markBusinessFailure}). */
export const BUSINESS_FAILURE_REASON_ATTRIBUTE = 'biz.failure_reason';

const MAX_NAME_LENGTH = 128;
const MAX_REASON_LENGTH = 256;

/**
 * Names the business transaction of the current request (`login`, `browse`, `add-to-cart`,
 * `place-order`, `pay`): sets `biz.name` on the request's entry span in this process (the SERVER
 * span, whatever span is active inside it), which Linkscope's business layer groups by. Call it
 * anywhere inside the request's handling; a second call renames. Keep names few and stable (they
 * are a dimension, like a route). Returns `false` and does nothing when there is no traced
 * request in the current context or the name is blank or longer than 128 characters.
 */
export function setBusinessTransaction(name: string): boolean {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_NAME_LENGTH) return false;
  const root = activeLocalRoot();
  root?.setAttribute(BUSINESS_NAME_ATTRIBUTE, trimmed);
  return root !== undefined;
}

/**
 * Marks the business transaction of the current request as succeeded (`biz.success=true`) or
 * not: a request can be a technical success (HTTP 200) and a business failure (payment declined),
 * and the business layer's success rate counts this flag. Returns `false` when there is no traced
 * request in the current context.
 */
export function markBusinessSuccess(success = true): boolean {
  const root = activeLocalRoot();
  root?.setAttribute(BUSINESS_SUCCESS_ATTRIBUTE, success);
  return root !== undefined;
}

/**
 * Shorthand for `markBusinessSuccess(false)`, with an optional short reason
 * (`biz.failure_reason`, cut at 256 characters; keep it low-cardinality, e.g. `card_declined`).
 */
export function markBusinessFailure(reason?: string): boolean {
  const root = activeLocalRoot();
  root?.setAttribute(BUSINESS_SUCCESS_ATTRIBUTE, false);
  const trimmed = reason?.trim();
  if (trimmed !== undefined && trimmed !== '') root?.setAttribute(BUSINESS_FAILURE_REASON_ATTRIBUTE, trimmed.slice(0, MAX_REASON_LENGTH));
  return root !== undefined;
}
