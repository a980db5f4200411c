import { useTranslation } from 'react-i18next';
import { formatDurationNs } from '../format/duration.format';
import { formatCount } from '../format/number.format';
import { formatDateTime } from '../format/time.format';
import { useLocale } from '../i18n/use-locale';
import { ServiceChip } from '../ui/service-chip';
import type { TraceStats } from './trace-stats';

/** The trace page header: identity, root, and the numbers an on-call engineer checks first. */
export function TraceSummary({ traceId, stats }: { traceId: string; stats: TraceStats }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section className="trace-summary" data-testid="trace-summary">
      <h1 className="trace-summary__title">
        <ServiceChip serviceName={stats.rootServiceName} />
        <span className="trace-summary__operation">{stats.rootOperation}</span>
      </h1>
      <dl className="facts">
        <div className="fact">
          <dt>{t('trace.summary.traceId')}</dt>
          <dd className="mono" data-testid="trace-id">
            {traceId}
          </dd>
        </div>
        <div className="fact">
          <dt>{t('trace.summary.duration')}</dt>
          <dd className="numeric-text">{formatDurationNs(stats.durationNs, locale)}</dd>
        </div>
        <div className="fact">
          <dt>{t('trace.summary.spans')}</dt>
          <dd className="numeric-text">{formatCount(stats.spanCount, locale)}</dd>
        </div>
        <div className="fact">
          <dt>{t('trace.summary.services')}</dt>
          <dd className="numeric-text">{formatCount(stats.serviceCount, locale)}</dd>
        </div>
        <div className="fact">
          <dt>{t('trace.summary.errors')}</dt>
          <dd className={stats.errorCount > 0 ? 'numeric-text error-text' : 'numeric-text'}>{formatCount(stats.errorCount, locale)}</dd>
        </div>
        <div className="fact">
          <dt>{t('trace.summary.start')}</dt>
          <dd className="numeric-text">{formatDateTime(stats.startEpochMs, locale)}</dd>
        </div>
      </dl>
    </section>
  );
}
