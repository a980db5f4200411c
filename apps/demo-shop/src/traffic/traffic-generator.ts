import type { JsonLogger } from '../shared/json-logger';
import type { TrafficConfig } from './traffic.config';
import { planJourney, type JourneyStep } from './traffic-plan';
import { countOutcome, emptyCounts, summarise, type RequestOutcome, type TrafficCounts } from './traffic-stats';

/** A running generator. */
export interface TrafficGenerator {
  /** Resolves when the generator has stopped (max requests reached or `stop()` called) and open requests have settled. */
  readonly finished: Promise<void>;
  /** Stops starting requests; `finished` resolves once open ones settle. */
  stop(): void;
}

/** A simulated shopper working through one visit at a time. */
interface Shopper {
  steps: JourneyStep[];
  token?: string;
  orderId?: string;
  busy: boolean;
}

/**
 * Sends requests to the gateway at a steady rate. Each tick hands the next step to an idle
 * simulated shopper (a visit is a funnel: login, browse, add to cart, place order, pay), so the
 * mix of business transactions is a shop's, and a shopper's steps happen in order with its
 * session. A gateway that is down only shows up in the counts.
 */
export function startTrafficGenerator(config: TrafficConfig, logger: JsonLogger): TrafficGenerator {
  const total = emptyCounts();
  let window = emptyCounts();
  let inFlight = 0;
  let stopped = false;
  let resolveFinished: () => void = () => {};
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  const shoppers: Shopper[] = Array.from({ length: config.maxInFlight }, () => ({ steps: [], busy: false }));
  let next = 0;

  const record = (outcome: RequestOutcome): void => {
    countOutcome(total, outcome);
    countOutcome(window, outcome);
  };
  const bump = (field: 'sent' | 'skipped'): void => {
    total[field] += 1;
    window[field] += 1;
  };
  const finishIfIdle = (): void => {
    if (stopped && inFlight === 0) {
      logSummary('traffic finished', total);
      resolveFinished();
    }
  };
  const logSummary = (msg: string, counts: TrafficCounts): void => logger.info(msg, { gatewayUrl: config.gatewayUrl, ...summarise(counts) });

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearInterval(ticker);
    clearInterval(summaryTimer);
    finishIfIdle();
  };

  const tick = (): void => {
    if (config.maxRequests !== undefined && total.sent >= config.maxRequests) return stop();
    const shopper = idleShopper();
    if (shopper === undefined) return bump('skipped');
    if (shopper.steps.length === 0) {
      shopper.steps = planJourney();
      shopper.token = undefined;
      shopper.orderId = undefined;
    }
    const step = shopper.steps.shift()!;
    bump('sent');
    inFlight += 1;
    shopper.busy = true;
    void runStep(config, shopper, step)
      .then(record)
      .finally(() => {
        shopper.busy = false;
        inFlight -= 1;
        finishIfIdle();
      });
  };

  const idleShopper = (): Shopper | undefined => {
    for (let tried = 0; tried < shoppers.length; tried += 1) {
      const shopper = shoppers[next]!;
      next = (next + 1) % shoppers.length;
      if (!shopper.busy) return shopper;
    }
    return undefined;
  };

  const ticker = setInterval(tick, 1000 / config.requestsPerSecond);
  const summaryTimer = setInterval(() => {
    logSummary('traffic summary', window);
    window = emptyCounts();
  }, config.summaryIntervalMs);
  logger.info('traffic started', { gatewayUrl: config.gatewayUrl, requestsPerSecond: config.requestsPerSecond, maxRequests: config.maxRequests ?? null });
  return { finished, stop };
}

/** Sends one step; a failed login, cart or order ends the visit (the rest needs its result). */
async function runStep(config: TrafficConfig, shopper: Shopper, step: JourneyStep): Promise<RequestOutcome> {
  const auth = shopper.token === undefined ? {} : { authorization: `Bearer ${shopper.token}` };
  const request = ((): { method: string; path: string; body?: unknown } | undefined => {
    switch (step.kind) {
      case 'login':
        return { method: 'POST', path: '/api/login', body: { username: step.username, password: step.password } };
      case 'browse-list':
        return { method: 'GET', path: '/api/products' };
      case 'browse-product':
        return { method: 'GET', path: `/api/products/${step.productId}` };
      case 'add-to-cart':
        return { method: 'POST', path: '/api/cart/items', body: { productId: step.productId, quantity: step.quantity } };
      case 'place-order':
        return { method: 'POST', path: '/api/orders' };
      case 'pay':
        return shopper.orderId === undefined ? undefined : { method: 'POST', path: `/api/orders/${shopper.orderId}/pay` };
    }
  })();
  if (request === undefined) {
    shopper.steps = [];
    return { status: 0, latencyMs: 0, skipped: true };
  }
  const startedAt = performance.now();
  try {
    const response = await fetch(`${config.gatewayUrl}${request.path}`, {
      method: request.method,
      headers: { ...auth, 'user-agent': 'linkscope-demo-traffic/1.0', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(config.requestTimeoutMs),
    });
    const body = (await response.json().catch(() => null)) as { token?: string; id?: string } | null;
    if (step.kind === 'login' && response.ok) shopper.token = body?.token;
    if (step.kind === 'place-order' && response.ok) shopper.orderId = body?.id;
    if (!response.ok && (step.kind === 'login' || step.kind === 'add-to-cart' || step.kind === 'place-order')) shopper.steps = [];
    return { status: response.status, latencyMs: performance.now() - startedAt };
  } catch {
    shopper.steps = [];
    return { networkError: true };
  }
}
