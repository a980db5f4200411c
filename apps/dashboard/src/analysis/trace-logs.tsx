import { useTranslation } from 'react-i18next';
import { useTraceLogs } from '../api/trace.queries';
import { formatDateTime } from '../format/time.format';
import { useLocale } from '../i18n/use-locale';
import { ServiceChip } from '../ui/service-chip';
import { ErrorState, LoadingState } from '../ui/status-message';

/** Log records that carry this trace's id, oldest first; a record with a span id links to that span. */
export function TraceLogs({ traceId, startEpochMs, onSelectSpan }: { traceId: string; startEpochMs: number; onSelectSpan: (spanId: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const logs = useTraceLogs(traceId, startEpochMs);
  if (logs.isPending) return <LoadingState />;
  if (logs.error) return <ErrorState title={t('analysis.logs.loadError')} error={logs.error} onRetry={() => void logs.refetch()} />;
  if (logs.data.logs.length === 0) return <p className="muted" data-testid="trace-logs-empty">{t('analysis.logs.empty')}</p>;
  return (
    <ol className="log-list" data-testid="trace-logs">
      {logs.data.logs.map((log, i) => (
        <li key={i} className="log-list__item" data-testid="trace-log">
          <span className="numeric-text muted">{formatDateTime(Number(BigInt(log.timeEpochNs) / 1_000_000n), locale)}</span>
          <ServiceChip serviceName={log.serviceName} />
          <span className={log.severityNumber >= 17 ? 'log-list__severity error-text' : 'log-list__severity'}>{log.severityText || '—'}</span>
          <span className="log-list__body">{log.body}</span>
          {log.spanId && (
            <button type="button" className="button button--quiet mono" onClick={() => onSelectSpan(log.spanId!)}>
              {t('analysis.logs.span')}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
