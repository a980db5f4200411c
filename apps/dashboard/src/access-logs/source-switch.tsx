import { useTranslation } from 'react-i18next';
import { SOURCE_OPTIONS, type ViewSource } from '../layers/layer-view.params';

/** Traces / access logs / both side by side, for the URI layer (the only one with two sources). */
export function SourceSwitch({ source, onSource }: { source: ViewSource; onSource: (source: ViewSource) => void }) {
  const { t } = useTranslation();
  return (
    <div className="tabs source-switch" role="tablist" aria-label={t('accessLogs.sourceLabel')} data-testid="source-switch">
      {SOURCE_OPTIONS.map((option) => (
        <button
          key={option}
          type="button"
          role="tab"
          aria-selected={option === source}
          className={option === source ? 'tabs__tab tabs__tab--active' : 'tabs__tab'}
          data-testid={`source-${option}`}
          onClick={() => onSource(option)}
        >
          {t(`accessLogs.source.${option}`)}
        </button>
      ))}
    </div>
  );
}
