const integerFormats = new Map<string, Intl.NumberFormat>();

/** A count with the locale's digit grouping ("12,345"). */
export function formatCount(count: number, locale: string): string {
  let format = integerFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    integerFormats.set(locale, format);
  }
  return format.format(count);
}
