import type { TraceSummary } from '@linkscope/domain';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDurationNs } from '../format/duration.format';
import { formatCount } from '../format/number.format';
import { formatClockTime, formatDateTime } from '../format/time.format';
import { useLocale } from '../i18n/use-locale';
import { traceHref } from '../trace/trace.params';
import { ServiceChip } from '../ui/service-chip';

/** Services listed in a row before the rest collapse into "+N". */
const SERVICES_SHOWN = 4;

/**
 * The trace list as a table. Each row is a link to its trace (the operation cell holds the link,
 * stretched over the whole row by CSS), carrying `startEpochMs` so the lookup is time-bounded.
 */
export function TraceTable({ traces, nowMs }: { traces: readonly TraceSummary[]; nowMs: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const longestNs = Math.max(1, ...traces.map((trace) => trace.durationNs));
  // Lists narrowed to a layer entity say which span of each trace matched, and open the trace on it.
  const focused = traces.some((trace) => trace.focus !== undefined);
  return (
    <table className="trace-table">
      <thead>
        <tr>
          <th scope="col">{t('traceList.columns.time')}</th>
          <th scope="col">{t('traceList.columns.rootService')}</th>
          <th scope="col">{t('traceList.columns.rootOperation')}</th>
          <th scope="col" className="numeric">
            {t('traceList.columns.duration')}
          </th>
          {focused && (
            <th scope="col" className="numeric">
              {t('traceList.columns.focus')}
            </th>
          )}
          <th scope="col" className="numeric">
            {t('traceList.columns.spans')}
          </th>
          <th scope="col">{t('traceList.columns.services')}</th>
          <th scope="col">{t('traceList.columns.errors')}</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((trace) => {
          const hidden = trace.serviceNames.length - SERVICES_SHOWN;
          return (
            <tr
              key={trace.traceId}
              className={trace.errorCount > 0 ? 'trace-row trace-row--error' : 'trace-row'}
              data-testid="trace-row"
              data-trace-id={trace.traceId}
            >
              <td className="numeric-text" title={formatDateTime(trace.startEpochMs, locale)}>
                {formatClockTime(trace.startEpochMs, locale, nowMs)}
              </td>
              <td>
                <ServiceChip serviceName={trace.rootServiceName} />
              </td>
              <td className="trace-row__operation">
                <Link className="row-link" to={traceHref(trace.traceId, { startEpochMs: trace.startEpochMs, spanId: trace.focus?.spanId })}>
                  {trace.rootOperation}
                </Link>
              </td>
              <td className="numeric trace-row__duration">
                {formatDurationNs(trace.durationNs, locale)}
                <span className="duration-bar" style={{ width: `${(trace.durationNs / longestNs) * 100}%` }} aria-hidden />
              </td>
              {focused && (
                <td className="numeric" data-testid="focus-cell" title={trace.focus ? `${trace.focus.serviceName} · ${trace.focus.name}` : undefined}>
                  {trace.focus ? formatDurationNs(trace.focus.durationNs, locale) : '–'}
                </td>
              )}
              <td className="numeric">{formatCount(trace.spanCount, locale)}</td>
              <td className="trace-row__services">
                {trace.serviceNames.slice(0, SERVICES_SHOWN).map((service) => (
                  <ServiceChip key={service} serviceName={service} compact />
                ))}
                {hidden > 0 && <span className="more-count">+{formatCount(hidden, locale)}</span>}
              </td>
              <td>
                {trace.errorCount > 0 ? (
                  <span className="badge badge--error" data-testid="error-badge">
                    {t('traceList.errorBadge', { count: trace.errorCount })}
                  </span>
                ) : (
                  <span className="muted" title={t('traceList.noErrors')} aria-label={t('traceList.noErrors')}>
                    –
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
