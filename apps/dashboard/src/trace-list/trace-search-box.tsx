import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TRACE_SORTS, type TraceSort } from './trace-list.params';

/**
 * The trace search query (submitted with Enter or the button, so typing does not search on every
 * key) and the order of the results. An empty query with the newest-first order is the plain list.
 */
export function TraceSearchBox({ q, sort, onSearch }: { q: string | undefined; sort: TraceSort | undefined; onSearch: (q: string | undefined, sort: TraceSort | undefined) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);
  return (
    <form
      className="trace-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(text.trim() || undefined, sort);
      }}
    >
      <label className="field trace-search__field">
        <span className="field__label">{t('traceSearch.query')}</span>
        <input
          className="input trace-search__input"
          data-testid="trace-search-input"
          type="search"
          value={text}
          maxLength={2000}
          placeholder={t('traceSearch.placeholder')}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">{t('traceSearch.sort')}</span>
        <select
          className="select"
          data-testid="trace-sort-select"
          value={sort ?? 'newest'}
          onChange={(event) => {
            const next = TRACE_SORTS.find((option) => option === event.target.value);
            if (next) onSearch(text.trim() || undefined, next === 'newest' ? undefined : next);
          }}
        >
          {TRACE_SORTS.map((option) => (
            <option key={option} value={option}>
              {t(`traceSearch.sorts.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button" data-testid="trace-search-submit">
        {t('traceSearch.submit')}
      </button>
    </form>
  );
}
