import './layers.css';
import type { LayerOverviewItem } from '@linkscope/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLayerOverview } from '../api/layer.queries';
import { formatBytes, formatChange, formatLatencyUs, formatPercent, formatRate } from '../format/layer.format';
import { useLocale } from '../i18n/use-locale';
import { ErrorState, LoadingState } from '../ui/status-message';
import { entityLabel } from './entity-label';
import { type LayerView, layerHref } from './layer-view.params';
import { LayerToolbar } from './layer-toolbar';
import { useLayerView } from './use-layer-view';

function Totals({ item }: { item: LayerOverviewItem }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const totals = item.totals;
  if (item.layer === 'infrastructure') {
    return (
      <p className="layer-card__totals">
        <span>{t('layers.totals.hosts')}</span>
        <strong>{item.entityCount}</strong>
      </p>
    );
  }
  const rateChange = formatChange(totals.count, item.previousTotals?.count, locale);
  return (
    <p className="layer-card__totals">
      <strong data-testid="layer-rate">{t('layers.totals.rate', { rate: formatRate(totals.ratePerS, locale) })}</strong>
      {rateChange && <span className="muted">({rateChange})</span>}
      <span className={totals.errors > 0 ? 'error-text' : 'muted'}>{t('layers.totals.errorRate', { rate: formatPercent(totals.errorRate, locale) })}</span>
      <span className="muted">{t('layers.totals.p95', { value: formatLatencyUs(totals.p95Us, locale) })}</span>
    </p>
  );
}

function LayerCard({ item, view }: { item: LayerOverviewItem; view: LayerView }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const name = t(`layers.name.${item.layer}`);
  const infra = item.layer === 'infrastructure';
  return (
    <section className="layer-card" data-testid="layer-card" data-layer={item.layer}>
      <header className="layer-card__header">
        <h2 className="layer-card__title">
          <Link to={layerHref(item.layer, { range: view.range, absolute: view.absolute, compare: view.compare })}>{name}</Link>
        </h2>
        <span className="muted">{t('layers.entities', { count: item.entityCount })}</span>
      </header>
      <p className="muted layer-card__describe">{t(`layers.describe.${item.layer}`)}</p>
      <Totals item={item} />
      {item.worst.length === 0 ? (
        <p className="muted">{t('layers.noData')}</p>
      ) : (
        <table className="mini-table">
          <caption className="visually-hidden">{t('layers.worst')}</caption>
          <tbody>
            {item.worst.map((row) => {
              const label = entityLabel(row.layer, row.dims);
              return (
                <tr key={row.key} data-testid="worst-row" data-entity={row.key}>
                  <td className="mini-table__name">
                    <Link to={layerHref(item.layer, { range: view.range, absolute: view.absolute, compare: view.compare, entity: row.key })}>{label.title || '—'}</Link>
                    {label.context && <span className="muted"> · {label.context}</span>}
                  </td>
                  {infra ? (
                    <>
                      <td className="numeric">{formatPercent(row.infra?.averages.cpu_utilization, locale)}</td>
                      <td className="numeric">{formatBytes(row.infra?.averages.memory_used_bytes, locale)}</td>
                    </>
                  ) : (
                    <>
                      <td className={row.figures.errors > 0 ? 'numeric error-text' : 'numeric'}>{formatPercent(row.figures.errorRate, locale)}</td>
                      <td className="numeric">{formatLatencyUs(row.figures.p95Us, locale)}</td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Link className="layer-card__more" to={layerHref(item.layer, { range: view.range, absolute: view.absolute, compare: view.compare })}>
        {t('layers.viewAll', { layer: name })}
      </Link>
    </section>
  );
}

/** `/layers`: the five layers at a glance, each with its totals and its worst entities first. */
export function LayersOverviewPage() {
  const { t } = useTranslation();
  const { view, window, setView } = useLayerView();
  const overview = useLayerOverview({ ...window, compare: view.compare });
  return (
    <div className="page" data-testid="layers-overview">
      <title>{`${t('layers.overviewTitle')} · ${t('app.name')}`}</title>
      <LayerToolbar
        title={t('layers.overviewTitle')}
        range={view.range}
        absolute={view.absolute}
        compare={view.compare}
        onRange={(range) => setView({ ...view, range, absolute: null })}
        onCompare={(compare) => setView({ ...view, compare })}
        updatedAtMs={overview.dataUpdatedAt}
        fetching={overview.isFetching}
      />
      {overview.isPending ? (
        <LoadingState />
      ) : !overview.data ? (
        <ErrorState title={t('layers.loadError')} error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <div className={overview.isPlaceholderData ? 'layer-grid page__body--stale' : 'layer-grid'}>
          {overview.data.layers.map((item) => (
            <LayerCard key={item.layer} item={item} view={view} />
          ))}
        </div>
      )}
    </div>
  );
}
