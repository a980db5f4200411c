import type { Client } from '@elastic/elasticsearch';

const DAY_MS = 86_400_000;
/** Daily signals the retention job ages out: spans, trace summaries and both rollup tiers, plus metrics and logs written the same way. */
export const RETAINED_SIGNALS = ['spans', 'traces', 'rollups', 'rollups1m', 'metrics', 'logs'] as const;
export type RetainedSignal = (typeof RETAINED_SIGNALS)[number];

export interface RetentionOutcome {
  /** Indices deleted, oldest first. */
  readonly deleted: readonly string[];
}

/** The UTC day (epoch ms of its start) a daily index name `<prefix>-<signal>-YYYY.MM.DD` stands for, or null. */
export function dailyIndexDay(prefix: string, signal: string, name: string): number | null {
  const head = `${prefix}-${signal}-`;
  if (!name.startsWith(head)) return null;
  const m = /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(name.slice(head.length));
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(t) ? t : null;
}

/**
 * Deletes whole daily indices of `signals` whose day ended more than `maxAgeDays` days before
 * `nowMs` (an index for day D goes once nowMs ≥ D + 1 day + maxAgeDays). Only names of the exact
 * `<prefix>-<signal>-YYYY.MM.DD` form are touched, so other indices under the prefix are safe.
 */
export async function deleteExpiredIndices(client: Client, prefix: string, maxAgeDays: number, nowMs: number, signals: readonly RetainedSignal[] = RETAINED_SIGNALS): Promise<RetentionOutcome> {
  if (!Number.isFinite(maxAgeDays) || maxAgeDays < 1) throw new RangeError('retention keeps at least one day');
  const cutoff = nowMs - maxAgeDays * DAY_MS;
  const expired: { name: string; day: number }[] = [];
  for (const signal of signals) {
    const indices = await client.cat.indices({ index: `${prefix}-${signal}-*`, format: 'json', h: 'index', expand_wildcards: ['open', 'closed'] });
    for (const row of indices as { index?: string }[]) {
      const name = row.index ?? '';
      const day = dailyIndexDay(prefix, signal, name);
      if (day !== null && day + DAY_MS <= cutoff) expired.push({ name, day });
    }
  }
  expired.sort((a, b) => a.day - b.day || a.name.localeCompare(b.name));
  const deleted: string[] = [];
  for (const { name } of expired) {
    await client.indices.delete({ index: name, ignore_unavailable: true });
    deleted.push(name);
  }
  return { deleted };
}
