import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDurationNs } from '../format/duration.format';
import { useLocale } from '../i18n/use-locale';
import { type WaterfallRowLayout, timeAxisTicks } from './waterfall-layout';
import { WaterfallRow } from './waterfall-row';

/** Every row has the same height, so the virtualiser never measures. Keep in step with `--wf-row-height` in the CSS. */
const ROW_HEIGHT_PX = 24;
const OVERSCAN_ROWS = 20;
const AXIS_INTERVALS = 4;

/** A request to bring a span into view; a new object each time, so asking twice scrolls twice. */
export interface ScrollRequest {
  readonly spanId: string;
}

export interface WaterfallProps {
  readonly rows: readonly WaterfallRowLayout[];
  readonly traceDurationNs: number;
  readonly collapsedSpanIds: ReadonlySet<string>;
  readonly matchedSpanIds: ReadonlySet<string>;
  /** Spans on the critical path (with their time on it); their rows are marked. */
  readonly criticalSpanIds: ReadonlyMap<string, number>;
  /** Spans of the finding being looked at. */
  readonly flaggedSpanIds: ReadonlySet<string>;
  readonly selectedSpanId: string | undefined;
  readonly scrollRequest: ScrollRequest | null;
  readonly onSelect: (spanId: string) => void;
  readonly onToggle: (spanId: string) => void;
}

/**
 * The last step of the waterfall pipeline: renders laid-out rows under a time axis. Only the rows
 * in view (plus an overscan) exist in the DOM, so 50,000 spans cost what 60 do.
 */
export function Waterfall(props: WaterfallProps) {
  const { rows, traceDurationNs, collapsedSpanIds, matchedSpanIds, criticalSpanIds, flaggedSpanIds, selectedSpanId, scrollRequest, onSelect, onToggle } = props;
  const { t } = useTranslation();
  const locale = useLocale();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: OVERSCAN_ROWS,
  });

  useEffect(() => {
    if (!scrollRequest) return;
    const index = rows.findIndex((row) => row.node.span.spanId === scrollRequest.spanId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
    // Only a new request scrolls; collapsing or expanding elsewhere must not move the view.
  }, [scrollRequest]);

  return (
    <section className="waterfall" aria-label={t('waterfall.label')}>
      <div className="waterfall__header">
        <div className="waterfall__header-label">{t('waterfall.spanColumn')}</div>
        <div className="waterfall__axis">
          {timeAxisTicks(traceDurationNs, AXIS_INTERVALS).map((tick) => (
            <span
              key={tick.fraction}
              className={tick.fraction === 1 ? 'waterfall__tick waterfall__tick--end' : 'waterfall__tick'}
              style={tick.fraction === 1 ? { right: 0 } : { left: `${tick.fraction * 100}%` }}
            >
              {tick.offsetNs === 0 ? '0' : formatDurationNs(tick.offsetNs, locale)}
            </span>
          ))}
        </div>
      </div>
      <div className="waterfall__scroll" ref={scrollRef}>
        <div className="waterfall__rows" role="list" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const layout = rows[item.index]!;
            const spanId = layout.node.span.spanId;
            return (
              <WaterfallRow
                key={item.key}
                layout={layout}
                top={item.start}
                height={ROW_HEIGHT_PX}
                collapsed={collapsedSpanIds.has(spanId)}
                selected={spanId === selectedSpanId}
                matched={matchedSpanIds.has(spanId)}
                critical={criticalSpanIds.has(spanId)}
                flagged={flaggedSpanIds.has(spanId)}
                onSelect={onSelect}
                onToggle={onToggle}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}
