import './compare.css';
import type { OperationDelta } from '@linkscope/trace-analysis';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/api-client';
import { useTraceComparison } from '../api/trace.queries';
import { formatDurationNs } from '../format/duration.format';
import { formatCount } from '../format/number.format';
import { useLocale } from '../i18n/use-locale';
import { traceHref } from '../trace/trace.params';
import { ServiceChip } from '../ui/service-chip';
import { EmptyState, ErrorState, LoadingState } from '../ui/status-message';
import { type SpanDeltaGroup, groupSpanDeltas } from './comparison-groups';
import { parseTraceIdInput } from './trace-compare.params';

export interface TraceCompareProps {
  /** The open trace: the comparison reads it as `other` (what changed in it). */
  readonly traceId: string;
  readonly startEpochMs: number;
  /** The trace it is compared with (from the URL), if any. */
  readonly compareWith: string | undefined;
  readonly onCompareWith: (traceId: string | undefined) => void;
  /** Opens a span of the open trace in the waterfall. */
  readonly onSelectSpan: (spanId: string) => void;
}

/** Shown before a sign: "+12 ms" slower, "−3 ms" faster. */
function signedDuration(deltaNs: number, locale: string): string {
  const text = formatDurationNs(Math.abs(deltaNs), locale);
  return deltaNs > 0 ? `+${text}` : deltaNs < 0 ? `−${text}` : text;
}

/** One column of the comparison: a heading with the span count, then a row per operation (or "none"). */
function CompareGroup<G extends { serviceName: string; operation: string; count: number }>({
  kind,
  groups,
  row,
}: {
  kind: 'added' | 'removed' | 'slower' | 'faster';
  groups: readonly G[];
  row: (group: G) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="compare__group" data-testid={`compare-${kind}`}>
      <h3 className="insights__heading">{t(`analysis.compare.${kind}`, { count: groups.reduce((sum, g) => sum + g.count, 0) })}</h3>
      {groups.length === 0 ? (
        <p className="muted">{t('analysis.compare.none')}</p>
      ) : (
        <ul className="compare__list">
          {groups.map((g) => (
            <li key={`${g.serviceName}|${g.operation}`} className="compare__row" data-testid="compare-operation" data-operation={g.operation}>
              {row(g)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OperationList({ kind, groups }: { kind: 'added' | 'removed'; groups: readonly OperationDelta[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <CompareGroup
      kind={kind}
      groups={groups}
      row={(g) => (
        <>
              <span className="compare__what">
                <ServiceChip serviceName={g.serviceName} /> {g.operation}
              </span>
              <span className="numeric-text">
                {t('analysis.compare.spans', { count: g.count, countText: formatCount(g.count, locale) })} · {formatDurationNs(g.totalDurationNs, locale)}
              </span>
        </>
      )}
    />
  );
}

function DeltaList({ kind, groups, onSelectSpan }: { kind: 'slower' | 'faster'; groups: readonly SpanDeltaGroup[]; onSelectSpan: (spanId: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <CompareGroup
      kind={kind}
      groups={groups}
      row={(g) => (
        <>
              <button
                type="button"
                className="compare__open"
                title={t('analysis.compare.openSpan')}
                onClick={() => onSelectSpan(g.spans[0]!.otherSpanId)}
              >
                <span className="compare__what">
                  <ServiceChip serviceName={g.serviceName} /> {g.operation}
                </span>
                <span className={`numeric-text compare__delta compare__delta--${kind}`}>
                  {t('analysis.compare.spans', { count: g.count, countText: formatCount(g.count, locale) })} · {signedDuration(g.totalDeltaNs, locale)}
                </span>
              </button>
              <span className="muted compare__detail">
                {g.spans
                  .slice(0, 3)
                  .map((s) => `${formatDurationNs(s.baseDurationNs, locale)} → ${formatDurationNs(s.otherDurationNs, locale)}`)
                  .join(', ')}
                {g.spans.length > 3 ? ' …' : ''}
              </span>
        </>
      )}
    />
  );
}

/**
 * "Compare with…": the open trace against another of the same kind of request (GET
 * /api/v1/traces/compare, the other trace as the base). Spans only in this trace (added), only in
 * the other (removed), and matched spans that got slower or faster, each grouped by operation.
 */
export function TraceCompare({ traceId, startEpochMs, compareWith, onCompareWith, onSelectSpan }: TraceCompareProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [input, setInput] = useState(compareWith ?? '');
  const [inputError, setInputError] = useState<string | null>(null);
  const comparison = useTraceComparison(compareWith, traceId, startEpochMs);
  const slower = useMemo(() => groupSpanDeltas(comparison.data?.slower ?? []), [comparison.data]);
  const faster = useMemo(() => groupSpanDeltas(comparison.data?.faster ?? []), [comparison.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = parseTraceIdInput(input);
    if (id === null) {
      setInputError(t('analysis.compare.invalidId'));
      return;
    }
    if (id === traceId) {
      setInputError(t('analysis.compare.sameTrace'));
      return;
    }
    setInputError(null);
    setInput(id);
    onCompareWith(id);
  };

  let body;
  if (!compareWith) body = <p className="muted">{t('analysis.compare.hint')}</p>;
  else if (comparison.isPending) body = <LoadingState />;
  else if (comparison.error instanceof ApiError && comparison.error.status === 404) body = <EmptyState title={t('analysis.compare.notFound', { traceId: compareWith })} />;
  else if (comparison.error || !comparison.data) body = <ErrorState title={t('analysis.compare.loadError')} error={comparison.error} onRetry={() => void comparison.refetch()} />;
  else {
    const c = comparison.data;
    const verdict = c.durationDeltaNs > 0 ? 'slower' : c.durationDeltaNs < 0 ? 'faster' : 'same';
    body = (
      <>
        <p className="compare__summary" data-testid="compare-summary" data-verdict={verdict}>
          {t(`analysis.compare.verdict.${verdict}`, { delta: formatDurationNs(Math.abs(c.durationDeltaNs), locale) })}{' '}
          <span className="muted">
            {t('analysis.compare.counts', { base: formatCount(c.baseSpanCount, locale), other: formatCount(c.otherSpanCount, locale) })} ·{' '}
            <Link to={traceHref(c.baseTraceId)} data-testid="compare-base-link">
              {t('analysis.compare.openOther', { traceId: c.baseTraceId.slice(0, 8) })}
            </Link>
          </span>
        </p>
        <div className="compare__grid">
          <DeltaList kind="slower" groups={slower} onSelectSpan={onSelectSpan} />
          <DeltaList kind="faster" groups={faster} onSelectSpan={onSelectSpan} />
          <OperationList kind="added" groups={c.added} />
          <OperationList kind="removed" groups={c.removed} />
        </div>
      </>
    );
  }

  return (
    <div className="compare" data-testid="trace-compare">
      <form className="compare__form" onSubmit={submit} noValidate>
        <label htmlFor="compare-with">{t('analysis.compare.label')}</label>
        <input
          id="compare-with"
          className="input compare__input"
          data-testid="compare-input"
          value={input}
          placeholder={t('analysis.compare.placeholder')}
          aria-invalid={inputError !== null}
          aria-describedby={inputError ? 'compare-with-error' : undefined}
          spellCheck={false}
          onChange={(event) => setInput(event.target.value)}
        />
        <button type="submit" className="button" data-testid="compare-submit">
          {t('analysis.compare.submit')}
        </button>
        {compareWith && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setInput('');
              onCompareWith(undefined);
            }}
          >
            {t('analysis.compare.clear')}
          </button>
        )}
        {inputError && (
          <span id="compare-with-error" className="error-text" role="alert">
            {inputError}
          </span>
        )}
      </form>
      {body}
    </div>
  );
}
