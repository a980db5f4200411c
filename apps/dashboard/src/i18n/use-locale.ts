import { useTranslation } from 'react-i18next';

/** The current UI language as a BCP 47 locale for `Intl` formatting; re-renders the caller on a switch. */
export function useLocale(): string {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage ?? i18n.language;
}
