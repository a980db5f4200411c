import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { type Language, SUPPORTED_LANGUAGES, pickLanguage } from './language';
import { zhCN } from './zh-cn';

const STORAGE_KEY = 'linkscope.lang';

function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (private mode, policy): fall back to the browser's languages
  }
}

/** Starts i18next with both catalogues bundled, in the stored or browser language. Call once, before rendering. */
export function initI18n(): void {
  const language = pickLanguage(readStoredLanguage(), navigator.languages ?? [navigator.language]);
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
}

/** Switches the UI language and remembers the choice in this browser. */
export function changeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // The switch still applies to this page; it just will not be remembered.
  }
  void i18next.changeLanguage(language);
}
