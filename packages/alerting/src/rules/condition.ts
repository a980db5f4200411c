import { type AlertCondition, type AlertMetric, type AlertRuleSpec, type ComparisonOperator, latencyBucketLowerBoundUs, latencyPercentileUs, type LatencyBucketCounts } from '@linkscope/domain';
import type { ValueUnit } from '../message/alert-message';
import { formatValue } from '../message/format';

/** What the rollups of one entity add up to over one window. */
export interface WindowStats {
  readonly count: number;
  readonly errors: number;
  /** Status code (e.g. "503") → count. */
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly latency: Readonly<LatencyBucketCounts>;
}

export const EMPTY_WINDOW: WindowStats = { count: 0, errors: 0, statusCounts: {}, latency: {} };

export function metricUnit(metric: AlertMetric): ValueUnit {
  return metric.kind === 'error_rate' ? 'ratio' : metric.kind === 'latency_percentile' ? 'ms' : 'count';
}

export function metricLabel(metric: AlertMetric): string {
  switch (metric.kind) {
    case 'error_rate':
      return 'error rate';
    case 'request_count':
      return 'requests';
    case 'status_count':
      return `${metric.status} count`;
    case 'latency_percentile':
      return `p${Math.round(metric.percentile * 1000) / 10} latency`;
    case 'slow_count':
      return `requests slower than ${metric.slowerThanMs} ms`;
  }
}

function statusMatches(selector: string, code: string): boolean {
  if (selector === '5xx') return code.startsWith('5');
  if (selector === '4xx') return code.startsWith('4');
  if (selector === 'non2xx') return !code.startsWith('2');
  return selector === code;
}

/**
 * The metric's value over a window, or null when it is undefined there (a rate or percentile of
 * zero requests). Latency buckets are counted whole: a slow-request count includes every bucket
 * whose lower bound reaches the threshold (±4.4 % at the boundary).
 */
export function measure(metric: AlertMetric, stats: WindowStats): number | null {
  switch (metric.kind) {
    case 'request_count':
      return stats.count;
    case 'error_rate':
      return stats.count === 0 ? null : stats.errors / stats.count;
    case 'status_count':
      return Object.entries(stats.statusCounts).reduce((sum, [code, n]) => (statusMatches(metric.status, code) ? sum + n : sum), 0);
    case 'latency_percentile': {
      const us = latencyPercentileUs(stats.latency, metric.percentile);
      return us === null ? null : us / 1000;
    }
    case 'slow_count': {
      const thresholdUs = metric.slowerThanMs * 1000;
      let slow = 0;
      for (const [index, n] of Object.entries(stats.latency)) if (latencyBucketLowerBoundUs(Number(index)) >= thresholdUs) slow += n;
      return slow;
    }
  }
}

export function compare(op: ComparisonOperator, left: number, right: number): boolean {
  return op === '>' ? left > right : op === '>=' ? left >= right : op === '<' ? left < right : left <= right;
}

export interface Verdict {
  readonly breaching: boolean;
  readonly value: number | null;
  readonly baselineValue: number | null;
  /** The condition in words, e.g. "> 5%" or "≥ 2× last week". */
  readonly conditionText: string;
  /** The threshold in the metric's unit, when there is one. */
  readonly threshold: number | null;
}

/**
 * Decides whether a rule's condition holds for one entity. Windows with fewer than `minRequests`
 * requests never breach rate, percentile or change conditions (a 100 % error rate of one request
 * is noise); no-data rules breach exactly when the window saw no requests.
 */
export function evaluateCondition(rule: Pick<AlertRuleSpec, 'metric' | 'condition' | 'minRequests'>, current: WindowStats, baseline: WindowStats | null): Verdict {
  const condition: AlertCondition = rule.condition;
  const unit = metricUnit(rule.metric);
  const value = measure(rule.metric, current);
  if (condition.type === 'no_data') return { breaching: current.count === 0, value: current.count, baselineValue: null, conditionText: 'no data', threshold: null };
  const thresholdText = condition.type === 'threshold' || condition.mode === 'absolute' ? formatValue(condition.value, unit) : `${condition.value}×`;
  const tooFew = current.count < rule.minRequests && rule.metric.kind !== 'request_count';
  if (condition.type === 'threshold') {
    return { breaching: !tooFew && value !== null && compare(condition.op, value, condition.value), value, baselineValue: baseline ? measure(rule.metric, baseline) : null, conditionText: `${condition.op} ${thresholdText}`, threshold: condition.value };
  }
  const baselineValue = baseline ? measure(rule.metric, baseline) : null;
  const text = `${condition.op} ${thresholdText} ${condition.baseline === 'yesterday' ? 'yesterday' : 'last week'}`;
  if (tooFew || value === null || baselineValue === null) return { breaching: false, value, baselineValue, conditionText: text, threshold: null };
  const change = condition.mode === 'ratio' ? (baselineValue === 0 ? (value > 0 ? Number.POSITIVE_INFINITY : 1) : value / baselineValue) : value - baselineValue;
  return { breaching: compare(condition.op, change, condition.value), value, baselineValue, conditionText: text, threshold: null };
}
