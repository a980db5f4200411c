import type { Layer, LayerEntityRow } from '@linkscope/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatBytes, formatChange, formatLatencyUs, formatPercent, formatRate } from '../format/layer.format';
import { formatCount } from '../format/number.format';
import { useLocale } from '../i18n/use-locale';
import { ServiceChip } from '../ui/service-chip';
import { Sparkline } from '../ui/charts/sparkline';
import { entityLabel } from './entity-label';
import { sortRows } from './entity-sort';
import type { SortField } from './layer-view.params';

interface Column {
  readonly id: string;
  readonly label: string;
  readonly sort?: SortField;
  readonly numeric?: boolean;
}

function SortHeader({ column, sort, dir, onSort }: { column: Column; sort: SortField; dir: 'asc' | 'desc'; onSort: (field: SortField) => void }) {
  const { t } = useTranslation();
  const active = column.sort === sort;
  return (
    <th scope="col" className={column.numeric ? 'numeric' : undefined} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      {column.sort ? (
        <button type="button" className="sort-button" onClick={() => onSort(column.sort!)} title={t('layers.sortBy', { column: column.label })}>
          {column.label}
          <span className="sort-button__arrow" aria-hidden>
            {active ? (dir === 'asc' ? '▲' : '▼') : ''}
          </span>
        </button>
      ) : (
        column.label
      )}
    </th>
  );
}

function EntityCell({ row, href }: { row: LayerEntityRow; href: string }) {
  const label = entityLabel(row.layer, row.dims);
  return (
    <td className="entity-cell">
      <Link className="row-link entity-cell__title" to={href}>
        {label.title || '—'}
      </Link>
      {label.context && (row.layer === 'uri' || row.layer === 'interface' ? <ServiceChip serviceName={row.dims.service ?? ''} compact /> : <span className="entity-cell__context muted">{label.context}</span>)}
      {row.layer === 'interface' && <span className="entity-cell__context muted">→ {row.dims.peer || '?'}</span>}
    </td>
  );
}

/**
 * A layer's entities as a sortable table. Each row links to the entity's details (`hrefOf`); the
 * selected row is highlighted. Span layers show traffic, errors and latency; infrastructure shows gauges.
 */
export function EntityTable({
  layer,
  rows,
  sort,
  dir,
  onSort,
  selectedKey,
  hrefOf,
  comparing,
}: {
  layer: Layer;
  rows: readonly LayerEntityRow[];
  sort: SortField;
  dir: 'asc' | 'desc';
  onSort: (field: SortField) => void;
  selectedKey: string | null;
  hrefOf: (row: LayerEntityRow) => string;
  comparing: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const sorted = sortRows(rows, sort, dir);
  const infra = layer === 'infrastructure';
  const columns: Column[] = infra
    ? [
        { id: 'entity', label: t('layers.columns.entity'), sort: 'name' },
        { id: 'cpu', label: t('layers.columns.cpu'), sort: 'cpu', numeric: true },
        { id: 'memory', label: t('layers.columns.memory'), sort: 'memory', numeric: true },
        { id: 'heap', label: t('layers.columns.heap'), numeric: true },
        { id: 'eventLoop', label: t('layers.columns.eventLoop'), numeric: true },
        { id: 'network', label: t('layers.columns.network'), numeric: true },
      ]
    : [
        { id: 'entity', label: t('layers.columns.entity'), sort: 'name' },
        { id: 'trend', label: t('layers.columns.trend') },
        { id: 'rate', label: t('layers.columns.rate'), sort: 'rate', numeric: true },
        // Sorting by requests is sorting by rate: one arrow, on the rate column.
        { id: 'requests', label: t('layers.columns.requests'), numeric: true },
        { id: 'errorRate', label: layer === 'business' ? t('layers.columns.successRate') : t('layers.columns.errorRate'), sort: 'errorRate', numeric: true },
        { id: 'p50', label: t('layers.columns.p50'), sort: 'p50', numeric: true },
        { id: 'p95', label: t('layers.columns.p95'), sort: 'p95', numeric: true },
        { id: 'p99', label: t('layers.columns.p99'), sort: 'p99', numeric: true },
        { id: 'slow', label: t('layers.columns.slow'), sort: 'slow', numeric: true },
        ...(comparing ? [{ id: 'change', label: t('layers.columns.change'), numeric: true }] : []),
      ];
  return (
    <table className="trace-table entity-table" data-testid="entity-table">
      <thead>
        <tr>
          {columns.map((column) => (
            <SortHeader key={column.id} column={column} sort={sort} dir={dir} onSort={onSort} />
          ))}
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => {
          const f = row.figures;
          const failing = !infra && f.errors > 0;
          const className = ['trace-row', failing ? 'trace-row--error' : '', row.key === selectedKey ? 'trace-row--selected' : ''].filter(Boolean).join(' ');
          const rateChange = formatChange(f.count, row.previous?.count, locale);
          const p95Change = formatChange(f.p95Us, row.previous?.p95Us, locale);
          return (
            <tr key={`${row.source}:${row.key}`} className={className} data-testid="entity-row" data-layer={layer} data-entity={row.key}>
              <EntityCell row={row} href={hrefOf(row)} />
              {infra ? (
                <>
                  <td className="numeric" data-testid="cpu-cell">
                    {formatPercent(row.infra?.averages.cpu_utilization, locale)}
                    <span className="muted"> / {formatPercent(row.infra?.maxima.cpu_utilization, locale)}</span>
                  </td>
                  <td className="numeric">{formatBytes(row.infra?.averages.memory_used_bytes, locale)}</td>
                  <td className="numeric">{formatBytes(row.infra?.averages.heap_used_bytes, locale)}</td>
                  <td className="numeric">{formatLatencyUs(row.infra?.averages.eventloop_delay_p99_s !== undefined ? row.infra.averages.eventloop_delay_p99_s * 1e6 : null, locale)}</td>
                  <td className="numeric">
                    {formatBytes(row.infra?.rates.network_receive_bytes, locale)}/s · {formatBytes(row.infra?.rates.network_transmit_bytes, locale)}/s
                  </td>
                </>
              ) : (
                <>
                  <td>{row.spark ? <Sparkline points={row.spark} label={t('layers.trendLabel')} /> : null}</td>
                  <td className="numeric" data-testid="rate-cell">
                    {formatRate(f.ratePerS, locale)}
                  </td>
                  <td className="numeric">{formatCount(f.count, locale)}</td>
                  <td className={f.errors > 0 ? 'numeric error-text' : 'numeric'}>{formatPercent(layer === 'business' ? 1 - f.errorRate : f.errorRate, locale)}</td>
                  <td className="numeric">{formatLatencyUs(f.p50Us, locale)}</td>
                  <td className="numeric">{formatLatencyUs(f.p95Us, locale)}</td>
                  <td className="numeric">{formatLatencyUs(f.p99Us, locale)}</td>
                  <td className="numeric">{formatCount(f.slowCount, locale)}</td>
                  {comparing && (
                    <td className="numeric muted">
                      {rateChange ?? '–'} · p95 {p95Change ?? '–'}
                    </td>
                  )}
                </>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
