import type { AlertLayer, AlertMetric } from '@linkscope/domain';
import { latencyPercentileUs } from '@linkscope/domain';
import type { Suspect } from '../message/alert-message';
import { formatValue } from '../message/format';
import { type EntityWindow, entityLabel } from './data-source';

/** The layers below each layer, where a cause is looked for. */
const CHILD_LAYERS: Readonly<Record<AlertLayer, readonly AlertLayer[]>> = {
  business: ['uri', 'interface', 'component'],
  uri: ['interface', 'component'],
  interface: ['component'],
  component: [],
  infrastructure: [],
};

export function childLayers(layer: AlertLayer): readonly AlertLayer[] {
  return CHILD_LAYERS[layer];
}

/** Median latency in ms (0 without calls). */
function avgMs(w: EntityWindow | undefined): number {
  if (!w || w.count === 0) return 0;
  return (latencyPercentileUs(w.latency, 0.5) ?? 0) / 1000;
}

function errorRate(w: EntityWindow | undefined): number {
  return !w || w.count === 0 ? 0 : w.errors / w.count;
}

/**
 * Names the child entity that contributed most: for latency-type metrics, the one whose median
 * latency rose most (in ms, weighted by its calls per parent request); otherwise the one whose
 * failed calls rose most. Candidates are children belonging to the same service when the
 * entity has a `service` dimension (interfaces carry their caller), plus components (which name
 * no caller). Returns null when nothing rose.
 */
export function findSuspect(
  metric: AlertMetric,
  parent: EntityWindow,
  children: readonly { layer: AlertLayer; current: readonly EntityWindow[]; baseline: readonly EntityWindow[] }[],
): Suspect | null {
  const service = parent.dims['service'];
  const latencyKind = metric.kind === 'latency_percentile' || metric.kind === 'slow_count';
  let best: { score: number; suspect: Suspect } | null = null;
  for (const { layer, current, baseline } of children) {
    const before = new Map(baseline.map((b) => [b.key, b]));
    for (const child of current) {
      if (child.count === 0) continue;
      if (service && child.dims['service'] !== undefined && child.dims['service'] !== service) continue;
      const prev = before.get(child.key);
      let score: number;
      let detail: string;
      if (latencyKind) {
        const added = avgMs(child) - avgMs(prev);
        const perRequest = parent.count > 0 ? child.count / parent.count : 1;
        score = added * perRequest;
        detail = `median ${formatValue(avgMs(prev), 'ms')} → ${formatValue(avgMs(child), 'ms')} (+${formatValue(score, 'ms')} per request)`;
      } else {
        const rateNow = errorRate(child);
        const ratePrev = errorRate(prev);
        score = (rateNow - ratePrev) * child.count;
        detail = `error rate ${formatValue(ratePrev, 'ratio')} → ${formatValue(rateNow, 'ratio')} (${child.errors}/${child.count} calls failed)`;
      }
      if (score > 0 && (!best || score > best.score)) best = { score, suspect: { layer, entity: entityLabel(child.key), detail } };
    }
  }
  return best?.suspect ?? null;
}

/** The status code with the most failures in the window, e.g. "503 × 214", or null. */
export function dominantError(window: EntityWindow): string | null {
  let top: [string, number] | null = null;
  for (const [code, n] of Object.entries(window.statusCounts)) {
    const failing = /^[45]\d\d$/.test(code) || code === 'ERROR';
    if (failing && n > 0 && (!top || n > top[1])) top = [code, n];
  }
  return top ? `${top[0]} × ${top[1]}` : null;
}
