import './layers.css';
import { entityDimsFromKey } from '@linkscope/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useEntityTraces } from '../api/layer.queries';
import { formatClockTime } from '../format/time.format';
import { useLocale } from '../i18n/use-locale';
import { TraceTable } from '../trace-list/trace-table';
import { EmptyState, ErrorState, LoadingState } from '../ui/status-message';
import { entityLabel } from './entity-label';
import { entityTracesHref, layerHref } from './layer-view.params';
import type { EntityTraceFilter } from './traces.route';

/** The trace list narrowed to the traces through one layer entity (see `traces.route.tsx`). */
export function EntityTracesPage({ filter }: { filter: EntityTraceFilter }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const traces = useEntityTraces(filter.layer, filter.entity, { fromMs: filter.fromMs, toMs: filter.toMs }, filter.errorsOnly, filter.order);
  const label = entityLabel(filter.layer, entityDimsFromKey(filter.layer, filter.entity));
  const list = traces.data?.traces;
  return (
    <div className="page">
      <title>{`${t('traceList.title')} · ${t('app.name')}`}</title>
      <div className="toolbar">
        <h1 className="page__title">{t('traceList.title')}</h1>
        <p className="filter-chip" data-testid="entity-trace-filter">
          <Link to={layerHref(filter.layer, { absolute: { fromMs: filter.fromMs, toMs: filter.toMs }, entity: filter.entity })}>
            {t('entityTraces.filter', { layer: t(`layers.name.${filter.layer}`), entity: [label.title, label.context].filter(Boolean).join(' · ') })}
          </Link>
          {filter.errorsOnly && <span className="badge badge--error">{t('entityTraces.errorsOnly')}</span>}
          <span className="muted">{t('entityTraces.window', { from: formatClockTime(filter.fromMs, locale), to: formatClockTime(filter.toMs, locale) })}</span>
          <Link className="button button--quiet" to="/traces" aria-label={t('entityTraces.clear')}>
            ✕
          </Link>
        </p>
        <div className="toolbar__spacer" />
        <nav className="segmented" aria-label={t('entityTraces.order')}>
          {(['slowest', 'newest'] as const).map((order) => (
            <Link
              key={order}
              className={order === filter.order ? 'segmented__item segmented__item--active' : 'segmented__item'}
              aria-current={order === filter.order ? 'true' : undefined}
              data-testid={`order-${order}`}
              to={entityTracesHref(filter.layer, filter.entity, filter, filter.errorsOnly, order)}
            >
              {t(`entityTraces.orders.${order}`)}
            </Link>
          ))}
        </nav>
      </div>
      {traces.isPending ? (
        <LoadingState />
      ) : !list ? (
        <ErrorState title={t('traceList.loadError')} error={traces.error} onRetry={() => void traces.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState title={t('traceList.empty')} hint={t('traceList.emptyHint')} />
      ) : (
        <TraceTable traces={list} nowMs={traces.dataUpdatedAt} />
      )}
    </div>
  );
}
