import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useTraceList } from '../api/trace.queries';
import { formatClockTime } from '../format/time.format';
import { useLocale } from '../i18n/use-locale';
import { EmptyState, ErrorState, LoadingState } from '../ui/status-message';
import { LookbackSelect } from './lookback-select';
import { ServiceFilter } from './service-filter';
import { LOOKBACK_MINUTES, type TraceListView, readTraceListView, writeTraceListView } from './trace-list.params';
import { TraceSearchBox } from './trace-search-box';
import { TraceSearchResults } from './trace-search-results';
import { TraceTable } from './trace-table';

/**
 * `/traces`: the most recent traces in a time range, optionally of one service, refreshed every few
 * seconds; with a query (`?q=`) or another order (`?sort=`), trace search over whole traces instead.
 */
export function TraceListPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [searchParams, setSearchParams] = useSearchParams();
  const view = readTraceListView(searchParams);
  const searching = view.q !== undefined || view.sort !== undefined;
  const list = useTraceList({ lookbackMinutes: LOOKBACK_MINUTES[view.lookback], service: view.service }, !searching);
  const setView = (next: TraceListView) => setSearchParams(writeTraceListView(next));

  const traces = list.data?.traces;
  const knownServices = useMemo(
    () => [...new Set(traces?.flatMap((trace) => trace.serviceNames) ?? [])].sort(),
    [traces],
  );

  return (
    <div className="page">
      <title>{`${t('traceList.title')} · ${t('app.name')}`}</title>
      <div className="toolbar">
        <h1 className="page__title">{t('traceList.title')}</h1>
        <LookbackSelect value={view.lookback} onChange={(lookback) => setView({ ...view, lookback })} />
        {!searching && <ServiceFilter value={view.service} knownServices={knownServices} onChange={(service) => setView({ ...view, service })} />}
        <p className="toolbar__status muted" aria-live="polite">
          {traces && !searching && <span>{t('traceList.shown', { count: traces.length })}</span>}
          {list.dataUpdatedAt > 0 && (
            <span>{t('traceList.updatedAt', { time: formatClockTime(list.dataUpdatedAt, locale) })}</span>
          )}
          {list.isFetching && <span className="spinner" aria-label={t('traceList.refreshing')} />}
        </p>
      </div>
      <TraceSearchBox q={view.q} sort={view.sort} onSearch={(q, sort) => setView({ ...view, q, sort })} />
      {searching ? (
        <div className="page__body">
          <TraceSearchResults q={view.q ?? ''} sort={view.sort ?? 'newest'} lookbackMinutes={LOOKBACK_MINUTES[view.lookback]} />
        </div>
      ) : (
        <>
      {list.isError && traces && <ErrorState title={t('traceList.loadError')} error={list.error} />}
      <div className={list.isPlaceholderData ? 'page__body page__body--stale' : 'page__body'}>
        {list.isPending ? (
          <LoadingState />
        ) : !traces ? (
          <ErrorState title={t('traceList.loadError')} error={list.error} onRetry={() => void list.refetch()} />
        ) : traces.length === 0 ? (
          <EmptyState
            title={view.service ? t('traceList.emptyForService', { service: view.service }) : t('traceList.empty')}
            hint={t('traceList.emptyHint')}
          />
        ) : (
          <TraceTable traces={traces} nowMs={list.dataUpdatedAt} />
        )}
      </div>
        </>
      )}
    </div>
  );
}
