/** A unit a duration can be shown in: its size in nanoseconds and the value at which the next unit takes over. */
interface DurationUnit {
  readonly symbol: string;
  readonly sizeNs: number;
  readonly upTo: number;
}

const UNITS: readonly DurationUnit[] = [
  { symbol: 'ns', sizeNs: 1, upTo: 1_000 },
  { symbol: 'µs', sizeNs: 1e3, upTo: 1_000 },
  { symbol: 'ms', sizeNs: 1e6, upTo: 1_000 },
  { symbol: 's', sizeNs: 1e9, upTo: 60 },
  { symbol: 'min', sizeNs: 60e9, upTo: 60 },
  { symbol: 'h', sizeNs: 3_600e9, upTo: Number.POSITIVE_INFINITY },
];

const SIGNIFICANT_DIGITS = 3;

// One formatter per locale; a page shows thousands of durations in a handful of locales.
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumSignificantDigits: SIGNIFICANT_DIGITS });
    numberFormats.set(locale, format);
  }
  return format;
}

function roundSignificant(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(SIGNIFICANT_DIGITS));
}

/**
 * Formats a duration in nanoseconds for people: at most three significant digits in the largest
 * unit that keeps the value at least 1 (ns, µs, ms, s, then min and h), so `1_234_567` → "1.23 ms".
 * A value that rounds up to the next unit is shown in it (999_999 ns → "1 ms", never "1,000 µs").
 * Digits and decimal separator follow `locale`; the unit symbols are the SI ones engineers read in
 * every language. Negative input keeps its sign (clock skew does produce them); NaN and ±∞ give "–".
 */
export function formatDurationNs(durationNs: number, locale: string): string {
  if (!Number.isFinite(durationNs)) return '–';
  const magnitude = Math.abs(durationNs);
  let unit = UNITS[0]!;
  let value = roundSignificant(magnitude);
  for (const candidate of UNITS) {
    unit = candidate;
    value = roundSignificant(magnitude / candidate.sizeNs);
    if (value < candidate.upTo) break;
  }
  const sign = durationNs < 0 && value !== 0 ? '-' : '';
  return `${sign}${numberFormat(locale).format(value)} ${unit.symbol}`;
}

/** Converts the API's integer nanoseconds to milliseconds as a float, for arithmetic with epoch milliseconds. */
export function nsToMs(durationNs: number): number {
  return durationNs / 1e6;
}
