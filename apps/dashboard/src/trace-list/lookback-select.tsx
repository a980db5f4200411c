import { useTranslation } from 'react-i18next';
import { LOOKBACK_OPTIONS, type Lookback } from './trace-list.params';

export function LookbackSelect({ value, onChange }: { value: Lookback; onChange: (lookback: Lookback) => void }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field__label">{t('traceList.lookback')}</span>
      <select
        className="select"
        data-testid="lookback-select"
        value={value}
        onChange={(event) => {
          const next = LOOKBACK_OPTIONS.find((option) => option === event.target.value);
          if (next) onChange(next);
        }}
      >
        {LOOKBACK_OPTIONS.map((option) => (
          <option key={option} value={option}>
            {t(`traceList.lookbackOption.${option}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
