import { useTranslation } from 'react-i18next';
import { useTraceSearch } from '../api/trace.queries';
import { EmptyState, ErrorState, LoadingState } from '../ui/status-message';
import { TraceTable } from './trace-table';

/** Results of a trace search, one page at a time ("more" follows the api's cursor). */
export function TraceSearchResults({ q, sort, lookbackMinutes }: { q: string; sort: string; lookbackMinutes: number }) {
  const { t } = useTranslation();
  const search = useTraceSearch({ q, sort, lookbackMinutes });
  if (search.isPending) return <LoadingState />;
  if (search.isError) return <ErrorState title={t('traceSearch.error')} error={search.error} />;
  const traces = search.data.pages.flatMap((page) => page.traces);
  if (traces.length === 0) return <EmptyState title={t('traceSearch.empty')} hint={t('traceSearch.help')} />;
  return (
    <>
      <p className="muted trace-search__count" data-testid="trace-search-count">
        {t('traceList.shown', { count: traces.length })}
      </p>
      <TraceTable traces={traces} nowMs={search.dataUpdatedAt} />
      {search.hasNextPage && (
        <button type="button" className="button trace-search__more" data-testid="trace-search-more" disabled={search.isFetchingNextPage} onClick={() => void search.fetchNextPage()}>
          {t('traceSearch.more')}
        </button>
      )}
    </>
  );
}
