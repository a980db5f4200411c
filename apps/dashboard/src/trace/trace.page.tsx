import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/api-client';
import { useTrace } from '../api/trace.queries';
import { EmptyState, ErrorState, LoadingState } from '../ui/status-message';
import { TraceDetailView } from './trace-detail.view';
import { readTraceView } from './trace.params';

const SHORT_TRACE_ID_LENGTH = 8;

/** `/traces/:traceId?startEpochMs=&span=`: one trace, loaded with the start-time hint when the link carries it. */
export function TracePage() {
  const { t } = useTranslation();
  const { traceId = '' } = useParams();
  const [searchParams] = useSearchParams();
  const { startEpochMs } = readTraceView(searchParams);
  const trace = useTrace(traceId, startEpochMs);

  let body;
  if (trace.isPending) body = <LoadingState />;
  else if (trace.data) body = <TraceDetailView trace={trace.data} />;
  else if (trace.error instanceof ApiError && trace.error.status === 404)
    body = <EmptyState title={t('trace.notFound', { traceId })} />;
  else body = <ErrorState title={t('trace.loadError')} error={trace.error} onRetry={() => void trace.refetch()} />;

  return (
    <div className="page page--fill">
      <title>{`${t('trace.pageTitle', { traceId: traceId.slice(0, SHORT_TRACE_ID_LENGTH) })} · ${t('app.name')}`}</title>
      <nav className="breadcrumb">
        <Link to="/traces">{t('trace.back')}</Link>
      </nav>
      {body}
    </div>
  );
}
