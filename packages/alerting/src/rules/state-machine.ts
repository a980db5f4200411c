/** Where one rule × entity stands. `ok` is also the state of anything never seen. */
export type AlertPhase = 'ok' | 'pending' | 'firing' | 'resolved';

export interface AlertStateRecord {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly entity: string;
  readonly phase: AlertPhase;
  /** When the condition first held in the current streak (pending or firing), else null. */
  readonly pendingSinceMs: number | null;
  /** When the current (or last) incident started firing, else null. */
  readonly firingSinceMs: number | null;
  readonly resolvedAtMs: number | null;
  readonly lastValue: number | null;
  readonly lastEvaluatedMs: number;
  readonly acknowledgedAtMs: number | null;
  readonly acknowledgedBy: string | null;
  /** When escalation channels were notified for the current incident, else null. */
  readonly escalatedAtMs: number | null;
  /** How many incidents this alert has had: the current (or last) one's ordinal, 0 before the first. Absent in records stored before it existed. */
  readonly incidentSeq?: number;
  /** While firing: since when the condition has stopped holding (the incident resolves once that lasts), else null. */
  readonly clearSinceMs?: number | null;
}

/**
 * How long a firing alert's condition must stay clear before the incident resolves: six rounds at
 * the default 5 s evaluation interval. Without it, a value hovering at the threshold sends a
 * resolved and a new firing message every few rounds (flapping), each a new incident for the on-call.
 */
export const RESOLVE_AFTER_MS = 30_000;

export type Transition = 'none' | 'pending' | 'cancelled' | 'fired' | 'resolved';

export function initialState(fingerprint: string, ruleId: string, entity: string, nowMs: number): AlertStateRecord {
  return {
    fingerprint,
    ruleId,
    entity,
    phase: 'ok',
    pendingSinceMs: null,
    firingSinceMs: null,
    resolvedAtMs: null,
    lastValue: null,
    lastEvaluatedMs: nowMs,
    acknowledgedAtMs: null,
    acknowledgedBy: null,
    escalatedAtMs: null,
    incidentSeq: 0,
  };
}

/**
 * One evaluation step: ok → pending (condition holds) → firing (held for `forMs`) → resolved
 * (condition clear for `resolveAfterMs`; `resolvedAtMs` is when it cleared). Pending that stops
 * holding goes back to ok without a message; a firing alert whose condition holds again before
 * `resolveAfterMs` just keeps firing. A resolved alert that breaches again starts a new incident
 * (new `firingSinceMs`, acknowledgement cleared).
 */
export function stepAlertState(
  prev: AlertStateRecord,
  breaching: boolean,
  value: number | null,
  nowMs: number,
  forMs: number,
  resolveAfterMs = 0,
): { next: AlertStateRecord; transition: Transition } {
  const base = { ...prev, lastValue: value, lastEvaluatedMs: nowMs };
  const quiet = prev.phase === 'ok' || prev.phase === 'resolved';
  if (breaching) {
    if (prev.phase === 'firing') return { next: prev.clearSinceMs == null ? base : { ...base, clearSinceMs: null }, transition: 'none' };
    const pendingSinceMs = quiet ? nowMs : (prev.pendingSinceMs ?? nowMs);
    if (nowMs - pendingSinceMs >= forMs) {
      return {
        next: { ...base, phase: 'firing', pendingSinceMs, firingSinceMs: nowMs, resolvedAtMs: null, acknowledgedAtMs: null, acknowledgedBy: null, escalatedAtMs: null, incidentSeq: (prev.incidentSeq ?? 0) + 1, clearSinceMs: null },
        transition: 'fired',
      };
    }
    return { next: { ...base, phase: 'pending', pendingSinceMs }, transition: quiet ? 'pending' : 'none' };
  }
  if (prev.phase === 'firing') {
    const clearSinceMs = prev.clearSinceMs ?? nowMs;
    if (nowMs - clearSinceMs < resolveAfterMs) return { next: { ...base, clearSinceMs }, transition: 'none' };
    return { next: { ...base, phase: 'resolved', pendingSinceMs: null, resolvedAtMs: clearSinceMs, clearSinceMs: null }, transition: 'resolved' };
  }
  if (prev.phase === 'pending') return { next: { ...base, phase: 'ok', pendingSinceMs: null }, transition: 'cancelled' };
  return { next: base, transition: 'none' };
}

/**
 * Escalation is due when an incident has fired for `afterMs` without acknowledgement and was not
 * escalated yet.
 */
export function escalationDue(state: AlertStateRecord, afterMs: number, nowMs: number): boolean {
  return state.phase === 'firing' && state.firingSinceMs !== null && state.acknowledgedAtMs === null && state.escalatedAtMs === null && nowMs - state.firingSinceMs >= afterMs;
}
