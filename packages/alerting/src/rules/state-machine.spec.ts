import { describe, expect, it } from 'vitest';
import { escalationDue, initialState, stepAlertState } from './state-machine';

const t0 = 1_000_000;

describe('stepAlertState', () => {
  it('goes ok → pending → firing only after the condition held for the "for" duration', () => {
    let s = initialState('f', 'r', 'e', t0);
    let step = stepAlertState(s, true, 1, t0, 30_000);
    expect(step.transition).toBe('pending');
    s = step.next;
    step = stepAlertState(s, true, 1, t0 + 20_000, 30_000);
    expect(step).toMatchObject({ transition: 'none', next: { phase: 'pending', pendingSinceMs: t0 } });
    step = stepAlertState(step.next, true, 1, t0 + 30_000, 30_000);
    expect(step).toMatchObject({ transition: 'fired', next: { phase: 'firing', firingSinceMs: t0 + 30_000, pendingSinceMs: t0 } });
    step = stepAlertState(step.next, true, 2, t0 + 40_000, 30_000);
    expect(step).toMatchObject({ transition: 'none', next: { phase: 'firing', firingSinceMs: t0 + 30_000, lastValue: 2 } });
  });

  it('fires at once with for = 0 and resolves when the condition stops holding', () => {
    const fired = stepAlertState(initialState('f', 'r', 'e', t0), true, 1, t0, 0);
    expect(fired.transition).toBe('fired');
    const resolved = stepAlertState(fired.next, false, 0, t0 + 10_000, 0);
    expect(resolved).toMatchObject({ transition: 'resolved', next: { phase: 'resolved', resolvedAtMs: t0 + 10_000, firingSinceMs: t0 } });
  });

  it('cancels a pending alert silently when the condition clears before "for"', () => {
    const pending = stepAlertState(initialState('f', 'r', 'e', t0), true, 1, t0, 60_000);
    expect(stepAlertState(pending.next, false, 0, t0 + 10_000, 60_000)).toMatchObject({ transition: 'cancelled', next: { phase: 'ok', pendingSinceMs: null } });
  });

  it('starts a new incident (new firingSince, acknowledgement cleared) when a resolved alert fires again', () => {
    const fired = stepAlertState(initialState('f', 'r', 'e', t0), true, 1, t0, 0).next;
    const acked = { ...fired, acknowledgedAtMs: t0 + 1, acknowledgedBy: 'amy' };
    const resolved = stepAlertState(acked, false, 0, t0 + 10_000, 0).next;
    const again = stepAlertState(resolved, true, 1, t0 + 20_000, 0);
    expect(again).toMatchObject({ transition: 'fired', next: { firingSinceMs: t0 + 20_000, acknowledgedAtMs: null, acknowledgedBy: null } });
  });

  it('keeps firing through a dip shorter than resolveAfter, and resolves once clear that long, at the time it cleared', () => {
    const fired = stepAlertState(initialState('f', 'r', 'e', t0), true, 1, t0, 0, 30_000).next;
    const dip = stepAlertState(fired, false, 0, t0 + 5_000, 0, 30_000);
    expect(dip).toMatchObject({ transition: 'none', next: { phase: 'firing', clearSinceMs: t0 + 5_000, firingSinceMs: t0 } });
    const back = stepAlertState(dip.next, true, 1, t0 + 10_000, 0, 30_000);
    expect(back).toMatchObject({ transition: 'none', next: { phase: 'firing', clearSinceMs: null, firingSinceMs: t0 } });
    let s = back.next;
    for (const dt of [15_000, 20_000, 30_000, 40_000]) {
      const step = stepAlertState(s, false, 0, t0 + dt, 0, 30_000);
      expect(step).toMatchObject({ transition: 'none', next: { phase: 'firing', clearSinceMs: t0 + 15_000 } });
      s = step.next;
    }
    const resolved = stepAlertState(s, false, 0, t0 + 45_000, 0, 30_000);
    expect(resolved).toMatchObject({ transition: 'resolved', next: { phase: 'resolved', resolvedAtMs: t0 + 15_000, clearSinceMs: null, incidentSeq: 1 } });
  });

  it('stays quiet while ok and not breaching', () => {
    expect(stepAlertState(initialState('f', 'r', 'e', t0), false, 0, t0, 0).transition).toBe('none');
  });
});

describe('escalationDue', () => {
  const firing = stepAlertState(initialState('f', 'r', 'e', t0), true, 1, t0, 0).next;
  it('is due once firing unacknowledged for the escalation delay, and only once', () => {
    expect(escalationDue(firing, 300_000, t0 + 299_999)).toBe(false);
    expect(escalationDue(firing, 300_000, t0 + 300_000)).toBe(true);
    expect(escalationDue({ ...firing, escalatedAtMs: t0 + 300_000 }, 300_000, t0 + 400_000)).toBe(false);
  });
  it('is not due when acknowledged or resolved', () => {
    expect(escalationDue({ ...firing, acknowledgedAtMs: t0 + 1 }, 300_000, t0 + 400_000)).toBe(false);
    expect(escalationDue(stepAlertState(firing, false, 0, t0 + 1, 0).next, 300_000, t0 + 400_000)).toBe(false);
  });
});
