import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDurationNs } from '../format/duration.format';
import { formatOffsetNs } from '../format/offset.format';
import { useLocale } from '../i18n/use-locale';
import { ServiceChip } from '../ui/service-chip';
import type { SpanNode } from '../waterfall/span-tree';
import { AttributeTable } from './attribute-table';
import { traceHref } from './trace.params';

function Fact({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd className={className}>{children}</dd>
    </div>
  );
}

/** Everything about one span. Escape or the close button closes it. */
export function SpanDetailPanel({ node, selfTimeNs, criticalNs, onClose }: { node: SpanNode; selfTimeNs: number; criticalNs: number; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { span } = node;
  const spanStartNs = BigInt(span.startEpochNs);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !(event.target instanceof HTMLInputElement)) onClose();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  return (
    <aside className="span-detail" data-testid="span-detail" data-span-id={span.spanId} aria-label={t('spanDetail.label')}>
      <header className="span-detail__header">
        <h2 className="span-detail__title">
          <ServiceChip serviceName={span.serviceName} />
          <span className={span.statusCode === 'error' ? 'span-detail__name error-text' : 'span-detail__name'}>{span.name}</span>
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose} aria-label={t('common.close')}>
          ✕
        </button>
      </header>
      <dl className="facts facts--grid">
        <Fact label={t('spanDetail.spanId')} className="mono">
          {span.spanId}
        </Fact>
        <Fact label={t('spanDetail.parentSpanId')} className="mono">
          {span.parentSpanId ?? t('common.none')}
        </Fact>
        <Fact label={t('spanDetail.kind')}>{t(`spanDetail.kinds.${span.kind}`)}</Fact>
        <Fact label={t('spanDetail.status')} className={span.statusCode === 'error' ? 'error-text' : undefined}>
          {t(`spanDetail.statuses.${span.statusCode}`)}
        </Fact>
        <Fact label={t('spanDetail.duration')} className="numeric-text">
          {formatDurationNs(span.durationNs, locale)}
        </Fact>
        <Fact label={t('spanDetail.startOffset')} className="numeric-text">
          {formatOffsetNs(node.startOffsetNs, locale)}
        </Fact>
        <Fact label={t('spanDetail.selfTime')} className="numeric-text">
          <span data-testid="span-self-time">{formatDurationNs(selfTimeNs, locale)}</span>
        </Fact>
        <Fact label={t('spanDetail.criticalTime')} className="numeric-text">
          <span data-testid="span-critical-time">{criticalNs > 0 ? formatDurationNs(criticalNs, locale) : t('spanDetail.offCriticalPath')}</span>
        </Fact>
      </dl>
      {span.statusMessage && (
        <section className="span-detail__section">
          <h3>{t('spanDetail.statusMessage')}</h3>
          <p className="status-text">{span.statusMessage}</p>
        </section>
      )}
      <section className="span-detail__section">
        <h3>{t('spanDetail.attributes')}</h3>
        <AttributeTable attributes={span.attributes} />
      </section>
      <section className="span-detail__section">
        <h3>{t('spanDetail.events')}</h3>
        {span.events.length === 0 ? (
          <p className="muted">{t('common.none')}</p>
        ) : (
          <ol className="event-list">
            {span.events.map((event, i) => (
              <li key={i} className="event-list__item">
                <p className="event-list__head">
                  <span className="numeric-text muted">
                    {formatOffsetNs(Number(BigInt(event.timeEpochNs) - spanStartNs), locale)}
                  </span>
                  <span className="event-list__name">{event.name}</span>
                </p>
                {Object.keys(event.attributes).length > 0 && <AttributeTable attributes={event.attributes} />}
              </li>
            ))}
          </ol>
        )}
      </section>
      {span.links.length > 0 && (
        <section className="span-detail__section">
          <h3>{t('spanDetail.links')}</h3>
          <ul className="link-list">
            {span.links.map((link) => (
              <li key={`${link.traceId}:${link.spanId}`} className="mono">
                <Link to={traceHref(link.traceId, { startEpochMs: undefined, spanId: link.spanId })}>
                  {link.traceId} / {link.spanId}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="span-detail__section">
        <h3>{t('spanDetail.resourceAttributes')}</h3>
        <AttributeTable attributes={span.resourceAttributes} />
      </section>
    </aside>
  );
}
