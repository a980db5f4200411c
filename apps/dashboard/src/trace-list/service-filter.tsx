import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface ServiceFilterProps {
  /** The applied filter; undefined for all services. */
  readonly value: string | undefined;
  /** Service names to suggest. */
  readonly knownServices: readonly string[];
  readonly onChange: (service: string | undefined) => void;
}

/**
 * A service name box, applied on Enter or with the Apply button so typing does not refetch on every
 * key; emptying it shows all services at once. Follows the applied value when the URL changes.
 */
export function ServiceFilter({ value, knownServices, onChange }: ServiceFilterProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value ?? '');
  const [appliedValue, setAppliedValue] = useState(value);
  if (appliedValue !== value) {
    // The URL changed (back button, a link): show what is applied now.
    setAppliedValue(value);
    setDraft(value ?? '');
  }
  const id = useId();
  return (
    <form
      className="field"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onChange(draft.trim() || undefined);
      }}
    >
      <label className="field__label" htmlFor={`${id}-input`}>
        {t('traceList.service')}
      </label>
      <span className="field__row">
        <input
          id={`${id}-input`}
          className="input"
          type="search"
          data-testid="service-filter"
          list={`${id}-services`}
          value={draft}
          placeholder={t('traceList.servicePlaceholder')}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            setDraft(event.target.value);
            if (event.target.value === '' && value !== undefined) onChange(undefined);
          }}
        />
        <button type="submit" className="button">
          {t('traceList.apply')}
        </button>
      </span>
      <datalist id={`${id}-services`}>
        {knownServices.map((service) => (
          <option key={service} value={service} />
        ))}
      </datalist>
    </form>
  );
}
