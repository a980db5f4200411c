import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useTraceAggregate } from '../api/trace.queries';
import { formatDurationNs } from '../format/duration.format';
import { formatCount } from '../format/number.format';
import { useLocale } from '../i18n/use-locale';
import { traceHref } from '../trace/trace.params';
import { ServiceChip } from '../ui/service-chip';
import { EmptyState, ErrorState, LoadingState } from '../ui/status-message';
import { AGGREGATE_LOOKBACKS, readAggregateView } from './aggregate.params';

const percent = (share: number) => `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)} %`;

/**
 * `/traces/aggregate`: what makes one URI slow, over the newest sampled traces of a window —
 * which downstream operations carry the p95/p99 traces' critical path, and how often each
 * call-pattern finding occurs (with a trace to open) — without opening a single trace.
 */
export function AggregatePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const view = readAggregateView(params);
  const aggregate = useTraceAggregate(view ?? { service: '', route: undefined, operation: undefined, lookbackMinutes: 60 }, view !== null);
  if (!view) return <EmptyState title={t('aggregate.noUri')} hint={t('aggregate.noUriHint')} />;
  const uri = view.route ?? view.operation ?? '';
  const data = aggregate.data;
  return (
    <div className="page" data-testid="aggregate-page">
      <title>{`${t('aggregate.title', { uri })} · ${t('app.name')}`}</title>
      <div className="toolbar">
        <h1 className="page__title">
          <ServiceChip serviceName={view.service} /> {t('aggregate.title', { uri })}
        </h1>
        <label className="field">
          <span className="field__label">{t('traceList.lookback')}</span>
          <select
            className="select"
            value={view.lookbackMinutes}
            onChange={(event) => {
              const next = new URLSearchParams(params);
              next.set('lookback', event.target.value);
              setParams(next);
            }}
          >
            {AGGREGATE_LOOKBACKS.map((m) => (
              <option key={m} value={m}>
                {t(`traceList.lookbackOption.${m === 15 ? '15m' : m === 60 ? '1h' : m === 360 ? '6h' : '24h'}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {aggregate.isPending ? (
        <LoadingState />
      ) : aggregate.isError ? (
        <ErrorState title={t('aggregate.loadError')} error={aggregate.error} onRetry={() => void aggregate.refetch()} />
      ) : data!.traceCount === 0 ? (
        <EmptyState title={t('aggregate.empty')} hint={t('aggregate.emptyHint')} />
      ) : (
        <div className="page__body aggregate">
          <p className="aggregate__summary" data-testid="aggregate-summary">
            {t('aggregate.summary', {
              count: data!.traceCount,
              p50: formatDurationNs(data!.p50Ns, locale),
              p95: formatDurationNs(data!.p95Ns, locale),
              p99: formatDurationNs(data!.p99Ns, locale),
            })}
          </p>
          <section aria-labelledby="aggregate-findings">
            <h2 id="aggregate-findings" className="section-title">
              {t('aggregate.findingsHeading')}
            </h2>
            {data!.findings.length === 0 ? (
              <p className="muted">{t('analysis.noFindings')}</p>
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('aggregate.columns.kind')}</th>
                    <th scope="col">{t('aggregate.columns.where')}</th>
                    <th scope="col" className="numeric">{t('aggregate.columns.traces')}</th>
                    <th scope="col" className="numeric">{t('aggregate.columns.calls')}</th>
                    <th scope="col" className="numeric">{t('aggregate.columns.cost')}</th>
                    <th scope="col">{t('aggregate.columns.example')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data!.findings.map((f) => (
                    <tr key={f.key} data-testid="aggregate-finding" data-kind={f.kind}>
                      <td>
                        <span className={`finding__kind finding__kind--${f.kind}`}>{t(`analysis.kinds.${f.kind}`)}</span>
                      </td>
                      <td>
                        <ServiceChip serviceName={f.serviceName} compact /> {f.operation}
                        {f.signature && <div className="muted aggregate__signature">{f.signature}</div>}
                      </td>
                      <td className="numeric">
                        {formatCount(f.traces, locale)} ({percent(f.frequency)})
                      </td>
                      <td className="numeric">{formatCount(Math.round(f.meanCallCount), locale)}</td>
                      <td className="numeric">{formatDurationNs(f.meanCostNs, locale)}</td>
                      <td>
                        <Link to={traceHref(f.exampleTraceId, { startEpochMs: undefined, spanId: undefined })} data-testid="aggregate-example">
                          {f.exampleTraceId.slice(0, 8)}…
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="aggregate-operations">
            <h2 id="aggregate-operations" className="section-title">
              {t('aggregate.operationsHeading')}
            </h2>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('aggregate.columns.operation')}</th>
                  <th scope="col" className="numeric">{t('aggregate.columns.p95Share')}</th>
                  <th scope="col" className="numeric">{t('aggregate.columns.p99Share')}</th>
                  <th scope="col" className="numeric">{t('aggregate.columns.p95Mean')}</th>
                  <th scope="col" className="numeric">{t('aggregate.columns.mean')}</th>
                  <th scope="col" className="numeric">{t('aggregate.columns.traces')}</th>
                </tr>
              </thead>
              <tbody>
                {data!.operations.slice(0, 30).map((o) => (
                  <tr key={`${o.serviceName}|${o.operation}`} data-testid="aggregate-operation">
                    <td>
                      <ServiceChip serviceName={o.serviceName} compact /> {o.operation}
                    </td>
                    <td className="numeric">
                      {percent(o.p95Share)}
                      <span className="duration-bar" style={{ width: `${Math.min(100, o.p95Share * 100)}%` }} aria-hidden />
                    </td>
                    <td className="numeric">{percent(o.p99Share)}</td>
                    <td className="numeric">{formatDurationNs(o.p95MeanCriticalNs, locale)}</td>
                    <td className="numeric">{formatDurationNs(o.meanCriticalNs, locale)}</td>
                    <td className="numeric">{formatCount(o.traces, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </div>
  );
}
