import { useTranslation } from 'react-i18next';
import { formatCount } from '../format/number.format';
import { useLocale } from '../i18n/use-locale';

interface FindInTraceProps {
  readonly query: string;
  readonly matchCount: number;
  /** 1-based position of the selected span among the matches; undefined when it is not one. */
  readonly position: number | undefined;
  readonly onQueryChange: (query: string) => void;
  /** Moves to the next (+1) or previous (-1) match. */
  readonly onStep: (direction: 1 | -1) => void;
}

/** The find box: highlights matching spans as you type; Enter and Shift+Enter walk through them. */
export function FindInTrace({ query, matchCount, position, onQueryChange, onStep }: FindInTraceProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const hasQuery = query.trim() !== '';
  let status = '';
  if (hasQuery && matchCount === 0) status = t('trace.find.noMatches');
  else if (hasQuery && position !== undefined)
    status = t('trace.find.position', { current: formatCount(position, locale), count: matchCount });
  else if (hasQuery) status = t('trace.find.matches', { count: matchCount });

  return (
    <div className="find" role="search">
      <input
        className="input find__input"
        type="search"
        data-testid="trace-find"
        aria-label={t('trace.find.label')}
        placeholder={t('trace.find.placeholder')}
        title={t('trace.find.hint')}
        value={query}
        spellCheck={false}
        onChange={(event) => onQueryChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && matchCount > 0) {
            event.preventDefault();
            onStep(event.shiftKey ? -1 : 1);
          }
        }}
      />
      <span className={matchCount === 0 && hasQuery ? 'find__status error-text' : 'find__status muted'} data-testid="trace-find-status" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
