import { type CSSProperties, memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDurationNs } from '../format/duration.format';
import { formatCount } from '../format/number.format';
import { useLocale } from '../i18n/use-locale';
import { serviceColour } from './service-colour';
import type { WaterfallRowLayout } from './waterfall-layout';

/** Indentation per nesting level, in pixels, and the level beyond which rows stop moving right. */
const INDENT_PX = 14;
const MAX_INDENTED_DEPTH = 24;
/** Where the duration label goes: after the bar while there is room, else before it, else inside it. */
const LABEL_AFTER_UP_TO = 0.8;
const LABEL_BEFORE_FROM = 0.12;

function labelPlacement(offset: number, end: number): { className: string; style: CSSProperties } {
  if (end <= LABEL_AFTER_UP_TO) return { className: 'wf-bar__label', style: { left: `calc(${end * 100}% + 4px)` } };
  if (offset >= LABEL_BEFORE_FROM) return { className: 'wf-bar__label', style: { right: `calc(${(1 - offset) * 100}% + 4px)` } };
  return { className: 'wf-bar__label wf-bar__label--inside', style: { right: `calc(${(1 - end) * 100}% + 4px)` } };
}

export interface WaterfallRowProps {
  readonly layout: WaterfallRowLayout;
  /** Pixel position of the row inside the virtual list. */
  readonly top: number;
  readonly height: number;
  readonly collapsed: boolean;
  readonly selected: boolean;
  readonly matched: boolean;
  /** On the critical path. */
  readonly critical: boolean;
  /** Part of the finding being looked at. */
  readonly flagged: boolean;
  readonly onSelect: (spanId: string) => void;
  readonly onToggle: (spanId: string) => void;
}

function WaterfallRowView({ layout, top, height, collapsed, selected, matched, critical, flagged, onSelect, onToggle }: WaterfallRowProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { node, offset, width, depth } = layout;
  const { span } = node;
  const isError = span.statusCode === 'error';
  const label = labelPlacement(offset, offset + width);
  const classes = ['wf-row'];
  if (isError) classes.push('wf-row--error');
  if (selected) classes.push('wf-row--selected');
  if (matched) classes.push('wf-row--match');
  if (critical) classes.push('wf-row--critical');
  if (flagged) classes.push('wf-row--flagged');

  return (
    <div
      className={classes.join(' ')}
      style={{ transform: `translateY(${top}px)`, height }}
      data-testid="waterfall-row"
      data-service={span.serviceName}
      data-span-id={span.spanId}
      data-error={isError || undefined}
      data-critical={critical || undefined}
      data-flagged={flagged || undefined}
      role="listitem"
      aria-current={selected || undefined}
      onClick={() => onSelect(span.spanId)}
    >
      <div className="wf-row__label" style={{ paddingLeft: Math.min(depth, MAX_INDENTED_DEPTH) * INDENT_PX }}>
        {node.children.length > 0 ? (
          <button
            type="button"
            className="wf-toggle"
            data-testid="span-toggle"
            aria-expanded={!collapsed}
            aria-label={t(collapsed ? 'waterfall.expand' : 'waterfall.collapse', { name: span.name })}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(span.spanId);
            }}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="wf-toggle wf-toggle--leaf" aria-hidden />
        )}
        <span className="wf-row__swatch" style={{ backgroundColor: serviceColour(span.serviceName) }} aria-hidden />
        <span className="wf-row__service">{span.serviceName}</span>
        <button type="button" className="wf-row__name" title={span.name}>
          {span.name}
        </button>
        {isError && (
          <span className="wf-row__flag wf-row__flag--error" title={t('waterfall.error')}>
            !
          </span>
        )}
        {node.rootReason !== null && node.rootReason !== 'root' && (
          <span className="wf-row__flag" title={t(`waterfall.rootReason.${node.rootReason}`)}>
            ⚠
          </span>
        )}
        {collapsed && (
          <span className="wf-row__hidden" title={t('waterfall.hiddenSpans', { count: node.descendantCount })}>
            +{formatCount(node.descendantCount, locale)}
          </span>
        )}
      </div>
      <div className="wf-row__timeline">
        <span
          className="wf-bar"
          style={{ left: `${offset * 100}%`, width: `${width * 100}%`, ...(isError ? {} : { backgroundColor: serviceColour(span.serviceName) }) }}
        />
        <span className={label.className} style={label.style}>
          {formatDurationNs(span.durationNs, locale)}
        </span>
      </div>
    </div>
  );
}

/** One span in the waterfall: label on the left, bar on the trace's time axis on the right. */
export const WaterfallRow = memo(WaterfallRowView);
