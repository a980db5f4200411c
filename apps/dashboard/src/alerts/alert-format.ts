import type { AlertView } from '@linkscope/domain';

/** A value as an alert shows it: ratios (≤ 1 with a "rate" summary) as percentages, latencies in ms. */
export function formatAlertValue(alert: Pick<AlertView, 'value' | 'summary'>): string {
  if (alert.value === null) return '—';
  if (alert.summary.startsWith('error rate')) return `${(alert.value * 100).toFixed(1)}%`;
  if (alert.summary.includes('latency')) return `${Math.round(alert.value)} ms`;
  return Number.isInteger(alert.value) ? String(alert.value) : alert.value.toFixed(2);
}

/** A duration in compact form: 45s, 12m, 3h5m. */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}
