import type { Layer, LayerEntityRow } from '@linkscope/domain';
import { entityLabel } from './entity-label';
import type { SortField } from './layer-view.params';

function valueOf(row: LayerEntityRow, field: SortField): number | string | null {
  switch (field) {
    case 'name': {
      const label = entityLabel(row.layer, row.dims);
      return `${label.context} ${label.title}`.toLowerCase();
    }
    case 'rate':
      return row.figures.count;
    case 'errorRate':
      return row.figures.errorRate;
    case 'p50':
      return row.figures.p50Us;
    case 'p95':
      return row.figures.p95Us;
    case 'p99':
      return row.figures.p99Us;
    case 'slow':
      return row.figures.slowCount;
    case 'cpu':
      return row.infra?.averages.cpu_utilization ?? null;
    case 'memory':
      return row.infra?.averages.memory_used_bytes ?? null;
  }
}

/** The default order of a layer's table: hosts by name, everything else busiest first. */
export function defaultSort(layer: Layer): { field: SortField; dir: 'asc' | 'desc' } {
  return layer === 'infrastructure' ? { field: 'name', dir: 'asc' } : { field: 'rate', dir: 'desc' };
}

/** Rows sorted by one column; rows without a value go last whichever the direction. */
export function sortRows(rows: readonly LayerEntityRow[], field: SortField, dir: 'asc' | 'desc'): LayerEntityRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = valueOf(a, field);
    const vb = valueOf(b, field);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    const order = typeof va === 'string' && typeof vb === 'string' ? va.localeCompare(vb) : (va as number) - (vb as number);
    return sign * order || a.key.localeCompare(b.key);
  });
}

/** Rows whose label (name or context, e.g. service, peer, system) contains `text`, case-insensitive; all rows without text. */
export function filterRows(rows: readonly LayerEntityRow[], text: string | null): readonly LayerEntityRow[] {
  const needle = text?.trim().toLowerCase();
  if (!needle) return rows;
  return rows.filter((row) => {
    const label = entityLabel(row.layer, row.dims);
    return `${label.title} ${label.context}`.toLowerCase().includes(needle);
  });
}
