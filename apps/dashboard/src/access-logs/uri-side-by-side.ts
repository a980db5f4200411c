import type { LayerEntityRow } from '@linkscope/domain';

/** One URI entity with its figures from the access logs and from the traces, either possibly missing. */
export interface SideBySideRow {
  /** Join key: service, method and the route with every placeholder written `{}`. */
  readonly key: string;
  readonly service: string;
  readonly method: string;
  /** The route as the log names it (else as the traces do). */
  readonly route: string;
  readonly log: LayerEntityRow | null;
  readonly trace: LayerEntityRow | null;
  /** Traced share of the logged requests (trace count / log count), null without both. */
  readonly tracedShare: number | null;
}

/**
 * A route with its placeholders made comparable: `:id`, `{id}`, `{num}`, `{uuid}`, `{hex}`, `*`
 * segments (or dot-separated parts of a segment) all become `{}`, so the log's
 * `/products/{num}` meets the trace's `/products/:id`.
 */
export function canonicalRoute(route: string): string {
  return route
    .split('/')
    .map((segment) =>
      segment
        .split('.')
        .map((part) => (/^:[A-Za-z_]\w*$/.test(part) || /^\{[^{}]*\}$/.test(part) || part === '*' ? '{}' : part))
        .join('.'),
    )
    .join('/');
}

function joinKey(row: LayerEntityRow): string {
  return [row.dims.service ?? '', (row.dims.method ?? '').toUpperCase(), canonicalRoute(row.dims.route ?? '')].join('\u001f');
}

/**
 * The URI entities of both sources side by side, matched on service + method + canonical route;
 * an entity seen by one source only keeps an empty other side. Busiest first (by the larger count).
 */
export function joinUriSources(logRows: readonly LayerEntityRow[], traceRows: readonly LayerEntityRow[]): SideBySideRow[] {
  const rows = new Map<string, { log: LayerEntityRow | null; trace: LayerEntityRow | null }>();
  for (const row of logRows) {
    const key = joinKey(row);
    const existing = rows.get(key);
    // Two log routes that only differ in placeholder names cannot both map to one trace route: keep the busier.
    if (!existing || (existing.log?.figures.count ?? 0) < row.figures.count) rows.set(key, { log: row, trace: existing?.trace ?? null });
  }
  for (const row of traceRows) {
    const key = joinKey(row);
    const existing = rows.get(key);
    if (!existing) rows.set(key, { log: null, trace: row });
    else if ((existing.trace?.figures.count ?? 0) < row.figures.count) existing.trace = row;
  }
  const joined = [...rows.entries()].map(([key, { log, trace }]) => {
    const named = log ?? trace!;
    return {
      key,
      service: named.dims.service ?? '',
      method: named.dims.method ?? '',
      route: named.dims.route ?? '',
      log,
      trace,
      tracedShare: log && trace && log.figures.count > 0 ? trace.figures.count / log.figures.count : null,
    };
  });
  const size = (r: SideBySideRow) => Math.max(r.log?.figures.count ?? 0, r.trace?.figures.count ?? 0);
  return joined.sort((a, b) => size(b) - size(a) || a.key.localeCompare(b.key));
}
