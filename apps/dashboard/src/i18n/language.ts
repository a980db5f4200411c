/** Languages with a complete catalogue, as BCP 47 tags. */
export const SUPPORTED_LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return SUPPORTED_LANGUAGES.some((language) => language === value);
}

// Traditional-script tags: readers of these are not served better by Simplified than by English.
const TRADITIONAL_CHINESE = /^zh-(hant|tw|hk|mo)\b/i;

function languageFromTag(tag: string): Language | undefined {
  if (/^zh\b/i.test(tag) && !TRADITIONAL_CHINESE.test(tag)) return 'zh-CN';
  if (/^en\b/i.test(tag)) return 'en';
  return undefined;
}

/**
 * The language to start in: the one the user chose before (`stored`), else the first of the
 * browser's preferred languages we have a catalogue for, else English.
 */
export function pickLanguage(stored: string | null, browserLanguages: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browserLanguages) {
    const language = languageFromTag(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}
