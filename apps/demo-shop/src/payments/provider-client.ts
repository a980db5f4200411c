import { callService, type CallResult } from '../shared/service-client';

/** How the payments service retries the provider: sane by default, a storm under the fault. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export const NORMAL_RETRY: RetryPolicy = { attempts: 2, backoffMs: 200 };
/** What the retry-storm fault switches to: more attempts, no pause between them. */
export const STORM_RETRY: RetryPolicy = { attempts: 4, backoffMs: 0 };

/** Outcome of charging the provider. */
export type ChargeResult =
  | { status: 'captured'; chargeId: string; attempts: number }
  | { status: 'declined'; attempts: number }
  | { status: 'failed'; reason: 'timeout' | 'unavailable'; attempts: number };

/**
 * Charges `amountCents` for `orderId` at the provider, retrying 503s and network failures
 * under `policy` (a timeout is not retried: the charge may have happened). Each attempt is
 * its own CLIENT span.
 */
export async function chargeProvider(
  providerUrl: string,
  request: { orderId: string; amountCents: number },
  policy: RetryPolicy,
  timeoutMs: number,
): Promise<ChargeResult> {
  let last: CallResult | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    if (attempt > 1 && policy.backoffMs > 0) await new Promise((resolve) => setTimeout(resolve, policy.backoffMs * 2 ** (attempt - 2)));
    last = await callService(providerUrl, '/v1/charges', { method: 'POST', body: request, timeoutMs, headers: { 'idempotency-key': request.orderId } });
    if (last.status === 'failed' && last.reason === 'timeout') return { status: 'failed', reason: 'timeout', attempts: attempt };
    if (last.status === 'answered' && last.statusCode === 200) return { status: 'captured', chargeId: String((last.body as { chargeId?: unknown }).chargeId), attempts: attempt };
    if (last.status === 'answered' && last.statusCode === 402) return { status: 'declined', attempts: attempt };
  }
  return { status: 'failed', reason: 'unavailable', attempts: policy.attempts };
}
