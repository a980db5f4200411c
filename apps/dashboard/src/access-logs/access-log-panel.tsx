import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatLatencyUs } from '../format/layer.format';
import { formatCount } from '../format/number.format';
import { formatClockTime } from '../format/time.format';
import { useLocale } from '../i18n/use-locale';
import { traceHref } from '../trace/trace.params';
import { ErrorState, LoadingState } from '../ui/status-message';
import { useAccessLogSummary } from './access-log.queries';

/**
 * Beside the log-derived URI table: what the agents counted in the window (lines, 5xx, slow,
 * unparseable) and the newest sampled slow and 5xx lines, each linked to its trace when the log
 * carried a trace id.
 */
export function AccessLogPanel({ window }: { window: { fromMs: number; toMs: number } }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const summary = useAccessLogSummary(window);
  if (summary.isPending) return <LoadingState />;
  if (!summary.data) return <ErrorState title={t('accessLogs.loadError')} error={summary.error} onRetry={() => void summary.refetch()} />;
  const { totals, samples } = summary.data;
  return (
    <section className="access-log-panel" data-testid="access-log-panel" aria-label={t('accessLogs.panelTitle')}>
      <dl className="facts">
        <div className="fact">
          <dt>{t('accessLogs.lines')}</dt>
          <dd data-testid="access-log-lines">{formatCount(totals.count, locale)}</dd>
        </div>
        <div className="fact">
          <dt>{t('accessLogs.serverErrors')}</dt>
          <dd className={totals.errors > 0 ? 'error-text' : undefined}>{formatCount(totals.errors, locale)}</dd>
        </div>
        <div className="fact">
          <dt>{t('accessLogs.slow')}</dt>
          <dd>{formatCount(totals.slowCount, locale)}</dd>
        </div>
        <div className="fact">
          <dt>{t('accessLogs.unparsed')}</dt>
          <dd className={totals.unparsed > 0 ? 'error-text' : undefined} title={t('accessLogs.unparsedHint')}>
            {formatCount(totals.unparsed, locale)}
          </dd>
        </div>
      </dl>
      <h2 className="access-log-panel__title">{t('accessLogs.samplesTitle')}</h2>
      {samples.length === 0 ? (
        <p className="muted">{t('accessLogs.noSamples')}</p>
      ) : (
        <table className="trace-table access-log-samples" data-testid="access-log-samples">
          <thead>
            <tr>
              <th scope="col">{t('accessLogs.columns.time')}</th>
              <th scope="col">{t('accessLogs.columns.reason')}</th>
              <th scope="col" className="numeric">
                {t('accessLogs.columns.status')}
              </th>
              <th scope="col">{t('accessLogs.columns.request')}</th>
              <th scope="col" className="numeric">
                {t('accessLogs.columns.requestTime')}
              </th>
              <th scope="col">{t('accessLogs.columns.trace')}</th>
            </tr>
          </thead>
          <tbody>
            {samples.map((s, i) => (
              <tr key={`${s.timeEpochMs}-${i}`} className={s.reason === 'server_error' ? 'trace-row trace-row--error' : 'trace-row'} data-testid="access-log-sample" data-status={s.status} data-route={s.route} title={s.line}>
                <td className="numeric-text">{formatClockTime(s.timeEpochMs, locale)}</td>
                <td>
                  <span className={s.reason === 'server_error' ? 'badge badge--error' : 'badge badge--warning'}>{t(`accessLogs.reason.${s.reason === 'server_error' ? 'server_error' : 'slow'}`)}</span>
                </td>
                <td className="numeric">{s.status}</td>
                <td className="access-log-samples__request">
                  <span className="mono">
                    {s.method} {s.path}
                  </span>
                  <span className="muted"> · {s.host}</span>
                </td>
                <td className="numeric">{formatLatencyUs(s.requestTimeUs, locale)}</td>
                <td>
                  {s.traceId ? (
                    <Link className="mono" data-testid="sample-trace-link" to={traceHref(s.traceId, { startEpochMs: s.timeEpochMs, spanId: undefined })}>
                      {s.traceId.slice(0, 12)}…
                    </Link>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
