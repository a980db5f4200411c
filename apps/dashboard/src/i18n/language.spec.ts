import { describe, expect, it } from 'vitest';
import { pickLanguage } from './language';

describe('pickLanguage', () => {
  it('prefers the stored choice', () => {
    expect(pickLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
  });

  it('ignores a stored value that is not a supported language', () => {
    expect(pickLanguage('fr', ['en-GB'])).toBe('en');
  });

  it('takes the first supported browser language, mapping Simplified Chinese tags to zh-CN', () => {
    expect(pickLanguage(null, ['fr-FR', 'zh', 'en'])).toBe('zh-CN');
    expect(pickLanguage(null, ['zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLanguage(null, ['en-US', 'zh-CN'])).toBe('en');
  });

  it('does not serve Simplified Chinese for Traditional Chinese tags', () => {
    expect(pickLanguage(null, ['zh-TW', 'en'])).toBe('en');
  });

  it('falls back to English', () => {
    expect(pickLanguage(null, ['de-DE'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });
});
