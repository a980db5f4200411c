import type { AlertRuleSpec, TenantScope } from '@linkscope/domain';
import { EMPTY_WINDOW, evaluateCondition } from '../rules/condition';
import { RESOLVE_AFTER_MS, initialState, stepAlertState } from '../rules/state-machine';
import { type AlertDataSource, type EntityWindow, entityLabel } from './data-source';
import { MAX_ENTITIES_PER_RULE, ruleWindow } from './evaluate-project';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Rounds of the replay read at once. */
const PARALLEL_READS = 6;

/** What a rule would have done to one entity over the replayed period. */
export interface PreviewEntity {
  readonly entity: string;
  /** Minutes (of the replay) in which the condition held. */
  readonly breachingMinutes: number;
  /** Incidents it would have opened (the "for" duration applied). */
  readonly incidents: number;
  readonly firstFiringMs: number | null;
  /** Whether it would be firing at the end of the period (now). */
  readonly firingNow: boolean;
  readonly lastValue: number | null;
  readonly maxValue: number | null;
}

export interface RulePreview {
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
  readonly steps: number;
  /** Entities that breached at least once first (most breaching minutes first), then the quiet ones. */
  readonly entities: readonly PreviewEntity[];
  /** More entities had traffic than the preview lists. */
  readonly truncated: boolean;
}

/**
 * Replays a rule (saved or not) over the last `lookbackMinutes`, one evaluation a minute, with the
 * same windows, conditions and state machine the worker uses: how often, and for which entities,
 * it would have fired. Reads the same rollups as evaluation; sends nothing and stores nothing.
 */
export async function previewRule(rule: AlertRuleSpec, data: AlertDataSource, scope: TenantScope, nowMs: number, lookbackMinutes: number, maxEntities = 50): Promise<RulePreview> {
  const steps = lookbackMinutes;
  const times = Array.from({ length: steps }, (_, i) => nowMs - (steps - 1 - i) * MINUTE_MS);
  const shift = rule.condition.type === 'change' && rule.condition.baseline === 'last_week' ? 7 * DAY_MS : DAY_MS;
  const rounds: { current: readonly EntityWindow[]; baseline: readonly EntityWindow[] | null }[] = new Array(steps);
  for (let start = 0; start < steps; start += PARALLEL_READS) {
    await Promise.all(
      times.slice(start, start + PARALLEL_READS).map(async (t, j) => {
        const { fromMs, toMs } = ruleWindow(t, rule.windowSeconds);
        const [current, baseline] = await Promise.all([
          data.entityTotals(scope, rule.layer, fromMs, toMs),
          rule.condition.type === 'change' || rule.condition.type === 'no_data' ? data.entityTotals(scope, rule.layer, fromMs - shift, toMs - shift) : Promise.resolve(null),
        ]);
        rounds[start + j] = { current, baseline };
      }),
    );
  }

  const keys = new Set<string>();
  if (rule.entity !== null) keys.add(rule.entity);
  else for (const round of rounds) for (const w of [...round.current, ...(rule.condition.type === 'no_data' ? (round.baseline ?? []) : [])]) keys.add(w.key);
  const keyList = [...keys].slice(0, MAX_ENTITIES_PER_RULE);

  const results: PreviewEntity[] = keyList.map((key) => {
    let state = initialState(key, 'preview', key, times[0] ?? nowMs);
    let breachingMinutes = 0;
    let incidents = 0;
    let firstFiringMs: number | null = null;
    let lastValue: number | null = null;
    let maxValue: number | null = null;
    rounds.forEach((round, i) => {
      const t = times[i] ?? nowMs;
      const window = round.current.find((w) => w.key === key) ?? { ...EMPTY_WINDOW, key, dims: {} };
      const verdict = evaluateCondition(rule, window, round.baseline?.find((w) => w.key === key) ?? null);
      if (verdict.breaching) breachingMinutes++;
      lastValue = verdict.value;
      if (verdict.value !== null && (maxValue === null || verdict.value > maxValue)) maxValue = verdict.value;
      const step = stepAlertState(state, verdict.breaching, verdict.value, t, rule.forSeconds * 1000, RESOLVE_AFTER_MS);
      state = step.next;
      if (step.transition === 'fired') {
        incidents++;
        firstFiringMs ??= t;
      }
    });
    return { entity: entityLabel(key), breachingMinutes, incidents, firstFiringMs, firingNow: state.phase === 'firing', lastValue, maxValue };
  });
  results.sort((a, b) => b.breachingMinutes - a.breachingMinutes || (b.maxValue ?? 0) - (a.maxValue ?? 0) || a.entity.localeCompare(b.entity));
  return {
    fromMs: (times[0] ?? nowMs) - rule.windowSeconds * 1000,
    toMs: nowMs,
    stepMs: MINUTE_MS,
    steps,
    entities: results.slice(0, maxEntities),
    truncated: results.length > maxEntities,
  };
}
