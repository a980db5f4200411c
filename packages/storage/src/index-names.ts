const DAY_MS = 86_400_000;

function day(epochMs: number): string {
  const d = new Date(epochMs);
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${d.getUTCFullYear()}.${mm}.${dd}`;
}

/** The daily span index a span belongs to, by its start time (UTC day). */
export function spanIndexFor(prefix: string, epochMs: number): string {
  return `${prefix}-spans-${day(epochMs)}`;
}

/** The daily index of a signal other than spans (`metrics`, `logs`) for a time. */
export function dailyIndexFor(prefix: string, signal: 'metrics' | 'logs' | 'traces', epochMs: number): string {
  return `${prefix}-${signal}-${day(epochMs)}`;
}

/**
 * The daily span indices that can hold spans started in [fromMs, toMs], oldest first.
 * Searches name these explicitly so that a lookup never touches every index.
 */
export function spanIndicesBetween(prefix: string, fromMs: number, toMs: number): string[] {
  const names: string[] = [];
  for (let t = Math.floor(fromMs / DAY_MS) * DAY_MS; t <= toMs; t += DAY_MS) names.push(spanIndexFor(prefix, t));
  return names;
}

/** Rollup tiers: what each batch wrote, and sealed minutes (one document per entity and minute). */
export type RollupTier = 'rollups' | 'rollups1m';

/** The daily rollup index of a tier for a minute. */
export function rollupIndexFor(prefix: string, tier: RollupTier, epochMs: number): string {
  return `${prefix}-${tier}-${day(epochMs)}`;
}

/** The daily rollup indices of a tier that can hold minutes within [fromMs, toMs], oldest first. */
export function rollupIndicesBetween(prefix: string, tier: RollupTier, fromMs: number, toMs: number): string[] {
  const names: string[] = [];
  for (let t = Math.floor(fromMs / DAY_MS) * DAY_MS; t <= toMs; t += DAY_MS) names.push(rollupIndexFor(prefix, tier, t));
  return names;
}

export function spanIndexPattern(prefix: string): string {
  return `${prefix}-spans-*`;
}
