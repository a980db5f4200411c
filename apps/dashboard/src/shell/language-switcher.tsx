import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n/i18n';
import { SUPPORTED_LANGUAGES, isLanguage } from '../i18n/language';

/** A select of the supported languages, each named in its own language. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="field field--inline">
      <span className="field__label">{t('app.language')}</span>
      <select
        className="select"
        data-testid="language-switcher"
        value={i18n.resolvedLanguage}
        onChange={(event) => {
          if (isLanguage(event.target.value)) changeLanguage(event.target.value);
        }}
      >
        {SUPPORTED_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
