import type { LayerEntityRow } from '@linkscope/domain';
import { useTranslation } from 'react-i18next';
import { formatLatencyUs, formatPercent } from '../format/layer.format';
import { formatCount } from '../format/number.format';
import { useLocale } from '../i18n/use-locale';
import { ServiceChip } from '../ui/service-chip';
import { joinUriSources } from './uri-side-by-side';

/**
 * The URI entities with their access-log and trace figures in adjacent columns: requests, error
 * rate and p95 from each, and the traced share of the logged requests (not every request is
 * traced; every request is logged).
 */
export function UriSideBySideTable({ logRows, traceRows }: { logRows: readonly LayerEntityRow[]; traceRows: readonly LayerEntityRow[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = joinUriSources(logRows, traceRows);
  const figure = (row: LayerEntityRow | null, pick: (r: LayerEntityRow) => string) => (row ? pick(row) : '–');
  return (
    <table className="trace-table entity-table side-by-side" data-testid="side-by-side-table">
      <thead>
        <tr>
          <th scope="col" rowSpan={2}>
            {t('layers.columns.entity')}
          </th>
          <th scope="colgroup" colSpan={3} className="side-by-side__group">
            {t('accessLogs.source.log')}
          </th>
          <th scope="colgroup" colSpan={3} className="side-by-side__group">
            {t('accessLogs.source.trace')}
          </th>
          <th scope="col" rowSpan={2} className="numeric" title={t('accessLogs.tracedShareHint')}>
            {t('accessLogs.tracedShare')}
          </th>
        </tr>
        <tr>
          {['log', 'trace'].flatMap((side) => [
            <th key={`${side}-n`} scope="col" className="numeric">
              {t('layers.columns.requests')}
            </th>,
            <th key={`${side}-e`} scope="col" className="numeric">
              {t('layers.columns.errorRate')}
            </th>,
            <th key={`${side}-p`} scope="col" className="numeric">
              {t('layers.columns.p95')}
            </th>,
          ])}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="trace-row" data-testid="side-by-side-row" data-route={row.route}>
            <td className="entity-cell">
              <span className="entity-cell__title">
                {row.method} {row.route}
              </span>
              <ServiceChip serviceName={row.service} compact />
            </td>
            <td className="numeric" data-testid="log-count">
              {figure(row.log, (r) => formatCount(r.figures.count, locale))}
            </td>
            <td className={row.log && row.log.figures.errors > 0 ? 'numeric error-text' : 'numeric'}>{figure(row.log, (r) => formatPercent(r.figures.errorRate, locale))}</td>
            <td className="numeric side-by-side__last">{figure(row.log, (r) => formatLatencyUs(r.figures.p95Us, locale))}</td>
            <td className="numeric" data-testid="trace-count">
              {figure(row.trace, (r) => formatCount(r.figures.count, locale))}
            </td>
            <td className={row.trace && row.trace.figures.errors > 0 ? 'numeric error-text' : 'numeric'}>{figure(row.trace, (r) => formatPercent(r.figures.errorRate, locale))}</td>
            <td className="numeric side-by-side__last">{figure(row.trace, (r) => formatLatencyUs(r.figures.p95Us, locale))}</td>
            <td className="numeric">{formatPercent(row.tracedShare, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
