import { useTranslation } from 'react-i18next';
import { formatClockTime } from '../format/time.format';
import { useLocale } from '../i18n/use-locale';
import { COMPARE_OPTIONS, type Compare, RANGE_OPTIONS, type Range } from './layer-view.params';

/** Title, time range and comparison window of a layer page, with when the data was fetched. */
export function LayerToolbar({
  title,
  range,
  compare,
  onRange,
  onCompare,
  updatedAtMs,
  fetching,
  absolute,
}: {
  title: string;
  range: Range;
  compare: Compare;
  onRange: (range: Range) => void;
  onCompare: (compare: Compare) => void;
  updatedAtMs: number;
  fetching: boolean;
  absolute: { fromMs: number; toMs: number } | null;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <div className="toolbar">
      <h1 className="page__title">{title}</h1>
      <label className="field">
        <span className="field__label">{t('layers.range')}</span>
        <select
          className="select"
          data-testid="range-select"
          value={absolute ? '' : range}
          onChange={(event) => {
            const next = RANGE_OPTIONS.find((option) => option === event.target.value);
            if (next) onRange(next);
          }}
        >
          {absolute && <option value="">{`${formatClockTime(absolute.fromMs, locale)} – ${formatClockTime(absolute.toMs, locale)}`}</option>}
          {RANGE_OPTIONS.map((option) => (
            <option key={option} value={option}>
              {t(`layers.rangeOption.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('layers.compare')}</span>
        <select
          className="select"
          data-testid="compare-select"
          value={compare}
          onChange={(event) => {
            const next = COMPARE_OPTIONS.find((option) => option === event.target.value);
            if (next) onCompare(next);
          }}
        >
          {COMPARE_OPTIONS.map((option) => (
            <option key={option} value={option}>
              {t(`layers.compareOption.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="toolbar__status muted" aria-live="polite">
        {updatedAtMs > 0 && <span>{t('layers.updatedAt', { time: formatClockTime(updatedAtMs, locale) })}</span>}
        {fetching && <span className="spinner" aria-label={t('common.loading')} />}
      </p>
    </div>
  );
}
