import type { JsonLogger } from '../shared/json-logger';
import type { TrafficConfig } from './traffic.config';
import { planRequest } from './traffic-plan';
import { countOutcome, emptyCounts, summarise, type RequestOutcome, type TrafficCounts } from './traffic-stats';

/** A running generator. */
export interface TrafficGenerator {
  /** Resolves when the generator has stopped (max requests reached or `stop()` called) and open requests have settled. */
  readonly finished: Promise<void>;
  /** Stops starting requests; `finished` resolves once open ones settle. */
  stop(): void;
}

/**
 * Sends requests to the gateway at a fixed rate, mixing product list, existing and missing
 * products. A gateway that is down only shows up in the counts: every request failure is a
 * counted outcome and the next tick tries again.
 */
export function startTrafficGenerator(config: TrafficConfig, logger: JsonLogger): TrafficGenerator {
  const total = emptyCounts();
  let window = emptyCounts();
  let inFlight = 0;
  let stopped = false;
  let resolveFinished: () => void = () => {};
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));

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
  const logSummary = (msg: string, counts: TrafficCounts): void =>
    logger.info(msg, { gatewayUrl: config.gatewayUrl, ...summarise(counts) });

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearInterval(ticker);
    clearInterval(summaryTimer);
    finishIfIdle();
  };

  const tick = (): void => {
    if (config.maxRequests !== undefined && total.sent >= config.maxRequests) return stop();
    if (inFlight >= config.maxInFlight) return bump('skipped');
    bump('sent');
    inFlight += 1;
    void sendOne(config, planRequest().path)
      .then(record)
      .finally(() => {
        inFlight -= 1;
        finishIfIdle();
      });
  };

  const ticker = setInterval(tick, 1000 / config.requestsPerSecond);
  const summaryTimer = setInterval(() => {
    logSummary('traffic summary', window);
    window = emptyCounts();
  }, config.summaryIntervalMs);
  logger.info('traffic started', {
    gatewayUrl: config.gatewayUrl,
    requestsPerSecond: config.requestsPerSecond,
    maxRequests: config.maxRequests ?? null,
  });
  return { finished, stop };
}

async function sendOne(config: TrafficConfig, path: string): Promise<RequestOutcome> {
  const startedAt = performance.now();
  try {
    const response = await fetch(`${config.gatewayUrl}${path}`, {
      signal: AbortSignal.timeout(config.requestTimeoutMs),
    });
    await response.arrayBuffer();
    return { status: response.status, latencyMs: performance.now() - startedAt };
  } catch {
    return { networkError: true };
  }
}
