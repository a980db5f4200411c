import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

import { allFaultsOff, FAULT_NAMES, type FaultName, type FaultState } from './faults';
import type { JsonLogger } from './json-logger';
import type { Redis } from './redis-client';

/** Redis hash (under the shop's key prefix) holding one field per switched-on fault. */
export const FAULTS_KEY = 'faults';
/** How often each service re-reads the switches: a switch takes effect within this long. */
export const FAULT_REFRESH_MS = 1_000;

/** The fault switches as one service sees them. */
export interface FaultSwitches {
  isOn(name: FaultName): boolean;
  state(): FaultState;
  /** Turns a switch on or off for every service (written to Redis, read back at once here). */
  set(name: FaultName, enabled: boolean): Promise<FaultState>;
  stop(): void;
}

/**
 * Reads the switches from Redis every second. The polling runs with tracing suppressed, so it
 * adds no spans; a Redis error keeps the last known state and is logged once per outage.
 */
export function startFaultSwitches(redis: Redis, logger: JsonLogger): FaultSwitches {
  let current = allFaultsOff();
  let failing = false;
  const refresh = async (): Promise<void> => {
    try {
      const fields = await context.with(suppressTracing(context.active()), () => redis.hgetall(FAULTS_KEY));
      const next = allFaultsOff();
      for (const name of FAULT_NAMES) next[name] = fields[name] === '1';
      const changed = FAULT_NAMES.filter((name) => next[name] !== current[name]);
      if (changed.length > 0) logger.info('fault switches changed', { on: FAULT_NAMES.filter((name) => next[name]) });
      current = next;
      failing = false;
    } catch (error) {
      if (!failing) logger.warn('cannot read fault switches; keeping the last state', { error });
      failing = true;
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), FAULT_REFRESH_MS);
  timer.unref();
  return {
    isOn: (name) => current[name],
    state: () => ({ ...current }),
    set: async (name, enabled) => {
      await (enabled ? redis.hset(FAULTS_KEY, name, '1') : redis.hdel(FAULTS_KEY, name));
      await refresh();
      return { ...current };
    },
    stop: () => clearInterval(timer),
  };
}
