import type { SpanView } from '@linkscope/domain';
import type { Finding, TraceAnalysis } from '@linkscope/trace-analysis';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDurationNs } from '../format/duration.format';
import { formatCount } from '../format/number.format';
import { useLocale } from '../i18n/use-locale';
import { ServiceChip } from '../ui/service-chip';
import { aggregateHref } from './aggregate.params';
import { serviceSummary } from './service-summary';
import { TraceCompare } from './trace-compare';
import { TraceLogs } from './trace-logs';

type Tab = 'findings' | 'services' | 'logs' | 'compare';

export interface TraceInsightsProps {
  readonly traceId: string;
  readonly startEpochMs: number;
  readonly spans: readonly SpanView[];
  readonly analysis: TraceAnalysis;
  /** The finding whose spans are highlighted, if any. */
  readonly focusedFindingIndex: number | null;
  readonly onFocusFinding: (index: number | null) => void;
  readonly onSelectSpan: (spanId: string) => void;
  /** The trace this one is compared with (`?compareWith=`), if any; the compare tab opens with it. */
  readonly compareWith: string | undefined;
  readonly onCompareWith: (traceId: string | undefined) => void;
}

function FindingRow({ finding, index, focused, onFocus }: { finding: Finding; index: number; focused: boolean; onFocus: (index: number | null) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const values = {
    count: finding.callCount,
    countText: formatCount(finding.callCount, locale),
    signature: finding.signature ?? '',
    operation: finding.operation,
    service: finding.serviceName,
  };
  return (
    <li className={focused ? 'finding finding--focused' : 'finding'} data-testid="finding" data-kind={finding.kind}>
      <button type="button" className="finding__button" aria-pressed={focused} onClick={() => onFocus(focused ? null : index)}>
        <span className={`finding__kind finding__kind--${finding.kind}`}>{t(`analysis.kinds.${finding.kind}`)}</span>
        <span className="finding__text">
          <ServiceChip serviceName={finding.serviceName} />
          <span title={t(`analysis.describe.${finding.kind}`, values)}>{t(`analysis.describe.${finding.kind}`, values)}</span>
        </span>
        <span className="finding__cost numeric-text" title={t('analysis.costHint')}>
          {t('analysis.cost', { cost: formatDurationNs(finding.costNs, locale) })}
        </span>
      </button>
    </li>
  );
}

/**
 * The analysis of the open trace: findings (click one to highlight its spans in the waterfall),
 * bottleneck spans, per-service summary, the logs correlated by trace id, and the comparison
 * with another trace.
 */
export function TraceInsights({ traceId, startEpochMs, spans, analysis, focusedFindingIndex, onFocusFinding, onSelectSpan, compareWith, onCompareWith }: TraceInsightsProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [tab, setTab] = useState<Tab>(compareWith ? 'compare' : 'findings');
  const [open, setOpen] = useState(true);
  const services = useMemo(() => (tab === 'services' ? serviceSummary(spans, analysis) : []), [tab, spans, analysis]);
  const root = useMemo(() => spans.find((span) => span.spanId === analysis.rootSpanId), [spans, analysis.rootSpanId]);
  const rootRoute = root && typeof root.attributes['http.route'] === 'string' ? root.attributes['http.route'] : null;

  return (
    <section className="insights" data-testid="analysis-panel" aria-label={t('analysis.label')}>
      <div className="insights__tabs" role="tablist">
        {(['findings', 'services', 'logs', 'compare'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            className="insights__tab"
            aria-selected={open && tab === name}
            data-testid={`insights-tab-${name}`}
            onClick={() => {
              setTab(name);
              setOpen(true);
            }}
          >
            {t(`analysis.tabs.${name}`, { count: analysis.findings.length })}
          </button>
        ))}
        <span className="toolbar__spacer" />
        {root && (
          <Link className="insights__aggregate-link" data-testid="aggregate-link" to={aggregateHref(root.serviceName, rootRoute, root.name)}>
            {t('analysis.aggregateLink', { uri: rootRoute ?? root.name })}
          </Link>
        )}
        <span className="muted insights__legend">
          <span className="insights__critical-swatch" aria-hidden /> {t('analysis.criticalLegend')}
        </span>
        <button type="button" className="button button--quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('analysis.hide') : t('analysis.show')}
        </button>
      </div>
      {open && tab === 'findings' && (
        <div className="insights__body insights__body--split">
          <div>
            <h3 className="insights__heading">{t('analysis.findingsHeading')}</h3>
            {analysis.findings.length === 0 ? (
              <p className="muted" data-testid="no-findings">
                {t('analysis.noFindings')}
              </p>
            ) : (
              <ol className="finding-list">
                {analysis.findings.map((finding, index) => (
                  <FindingRow key={`${finding.key}:${index}`} finding={finding} index={index} focused={focusedFindingIndex === index} onFocus={onFocusFinding} />
                ))}
              </ol>
            )}
          </div>
          <div>
            <h3 className="insights__heading">{t('analysis.bottlenecksHeading')}</h3>
            <ol className="bottleneck-list">
              {analysis.bottlenecks.map((b) => (
                <li key={b.spanId} data-testid="bottleneck">
                  <button type="button" className="bottleneck" onClick={() => onSelectSpan(b.spanId)}>
                    <span className="bottleneck__share" style={{ width: `${Math.max(2, b.share * 100)}%` }} aria-hidden />
                    <span className="bottleneck__text">
                      <ServiceChip serviceName={b.serviceName} /> {b.name}
                    </span>
                    <span className="numeric-text">
                      {formatDurationNs(b.criticalNs, locale)} · {Math.round(b.share * 100)}%
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          </div>
        </div>
      )}
      {open && tab === 'services' && (
        <div className="insights__body">
          <table className="data-table" data-testid="service-summary">
            <thead>
              <tr>
                <th>{t('analysis.services.service')}</th>
                <th className="numeric">{t('analysis.services.spans')}</th>
                <th className="numeric">{t('analysis.services.errors')}</th>
                <th className="numeric">{t('analysis.services.selfTime')}</th>
                <th className="numeric">{t('analysis.services.criticalTime')}</th>
              </tr>
            </thead>
            <tbody>
              {services.map((row) => (
                <tr key={row.serviceName} data-testid="service-summary-row" data-service={row.serviceName}>
                  <td>
                    <ServiceChip serviceName={row.serviceName} />
                  </td>
                  <td className="numeric">{formatCount(row.spanCount, locale)}</td>
                  <td className={row.errorCount > 0 ? 'numeric error-text' : 'numeric'}>{formatCount(row.errorCount, locale)}</td>
                  <td className="numeric">{formatDurationNs(row.selfTimeNs, locale)}</td>
                  <td className="numeric">{formatDurationNs(row.criticalNs, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && tab === 'logs' && (
        <div className="insights__body">
          <TraceLogs traceId={traceId} startEpochMs={startEpochMs} onSelectSpan={onSelectSpan} />
        </div>
      )}
      {open && tab === 'compare' && (
        <div className="insights__body insights__body--compare">
          <TraceCompare traceId={traceId} startEpochMs={startEpochMs} compareWith={compareWith} onCompareWith={onCompareWith} onSelectSpan={onSelectSpan} />
        </div>
      )}
    </section>
  );
}
