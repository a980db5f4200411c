import './layers.css';
import '../access-logs/access-logs.css';
import type { LayerEntityRow } from '@linkscope/domain';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { AccessLogPanel } from '../access-logs/access-log-panel';
import { SourceSwitch } from '../access-logs/source-switch';
import { UriSideBySideTable } from '../access-logs/uri-side-by-side-table';
import { useLayerEntities } from '../api/layer.queries';
import { EmptyState, ErrorState, LoadingState } from '../ui/status-message';
import { EntityDetail } from './entity-detail';
import { EntityTable } from './entity-table';
import { defaultSort, filterRows } from './entity-sort';
import { LayerToolbar } from './layer-toolbar';
import { isLayer, writeLayerView } from './layer-view.params';
import { useLayerView } from './use-layer-view';

/** `/layers/:layer`: every entity of one layer as a sortable table; a selected entity opens its charts above. */
export function LayerPage() {
  const { t } = useTranslation();
  const { layer } = useParams();
  const { view, window, setView } = useLayerView();
  const valid = isLayer(layer);
  const uri = layer === 'uri';
  // Only the URI layer has a log source; 'both' lists the log side here and fetches the trace side below.
  const source = uri ? (view.source ?? 'trace') : 'trace';
  const entities = useLayerEntities(valid ? layer : 'uri', { ...window, compare: view.compare }, uri ? (source === 'trace' ? 'trace' : 'log') : undefined);
  const traceSide = useLayerEntities('uri', { ...window, compare: 'none' }, 'trace', source === 'both');
  if (!valid) return <Navigate to="/layers" replace />;

  const fallback = defaultSort(layer);
  const sort = view.sort ?? fallback.field;
  const dir = view.sort ? view.dir : fallback.dir;
  const hrefOf = (row: LayerEntityRow) => `/layers/${layer}?${writeLayerView({ ...view, entity: row.key })}`;
  const closeHref = `/layers/${layer}?${writeLayerView({ ...view, entity: null })}`;
  const allRows = entities.data?.entities;
  const rows = allRows ? filterRows(allRows, view.filter) : undefined;
  const traceRows = source === 'both' ? filterRows(traceSide.data?.entities ?? [], view.filter) : [];

  return (
    <div className="page" data-testid="layer-page" data-layer={layer}>
      <title>{`${t(`layers.name.${layer}`)} · ${t('app.name')}`}</title>
      <LayerToolbar
        title={t(`layers.name.${layer}`)}
        range={view.range}
        absolute={view.absolute}
        compare={view.compare}
        onRange={(range) => setView({ ...view, range, absolute: null })}
        onCompare={(compare) => setView({ ...view, compare })}
        updatedAtMs={entities.dataUpdatedAt}
        fetching={entities.isFetching}
      />
      <div className="layer-filter">
        <label className="field">
          <span className="field__label">{t('layers.filter')}</span>
          <input
            type="search"
            className="input"
            data-testid="entity-filter"
            placeholder={t('layers.filterPlaceholder')}
            defaultValue={view.filter ?? ''}
            maxLength={200}
            onChange={(event) => setView({ ...view, filter: event.target.value.trim() || null })}
          />
        </label>
        <p className="page__lede muted">{t(`layers.describe.${layer}`)}</p>
      </div>
      {uri && (
        <div className="source-bar">
          <SourceSwitch source={source} onSource={(next) => setView({ ...view, source: next, entity: null, sort: null })} />
          <span className="muted">{t(`accessLogs.sourceHint.${source}`)}</span>
        </div>
      )}
      {view.entity && source !== 'both' && (
        <EntityDetail layer={layer} entityKey={view.entity} window={{ ...window, compare: view.compare }} closeHref={closeHref} source={uri ? (source === 'log' ? 'log' : 'trace') : undefined} />
      )}
      {entities.isError && rows && <ErrorState title={t('layers.loadError')} error={entities.error} />}
      <div className={entities.isPlaceholderData ? 'page__body page__body--stale' : 'page__body'}>
        {entities.isPending ? (
          <LoadingState />
        ) : !rows ? (
          <ErrorState title={t('layers.loadError')} error={entities.error} onRetry={() => void entities.refetch()} />
        ) : rows.length === 0 && !(source === 'both' && traceRows.length > 0) ? (
          view.filter && allRows && allRows.length > 0 ? (
            <EmptyState title={t('layers.noMatch', { filter: view.filter })} hint={t('layers.noMatchHint')} />
          ) : (
            <EmptyState title={t('layers.noData')} hint={source === 'trace' ? t('layers.noDataHint') : t('accessLogs.noDataHint')} />
          )
        ) : source === 'both' ? (
          <UriSideBySideTable logRows={rows} traceRows={traceRows} />
        ) : (
          <>
            {entities.data?.truncated && <p className="banner banner--warning">{t('layers.truncated', { count: rows.length })}</p>}
            <EntityTable
              layer={layer}
              rows={rows}
              sort={sort}
              dir={dir}
              onSort={(field) => setView({ ...view, sort: field, dir: field === sort && dir === 'desc' ? 'asc' : 'desc' })}
              selectedKey={view.entity}
              hrefOf={hrefOf}
              comparing={view.compare !== 'none'}
            />
          </>
        )}
      </div>
      {uri && source !== 'trace' && <AccessLogPanel window={window} />}
    </div>
  );
}
