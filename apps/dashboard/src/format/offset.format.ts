/** How offsets up to `belowNs` (once rounded) are shown: rounded to `resolutionNs`, in `symbol`, with a fixed number of decimals. */
interface OffsetTier {
  readonly belowNs: number;
  readonly resolutionNs: number;
  readonly symbol: string;
  readonly sizeNs: number;
  readonly fractionDigits: number;
}

// Fixed decimals rather than significant digits: siblings in one tier line up digit for digit, and
// milliseconds up to 10 s so that neighbours rarely differ in unit.
const TIERS: readonly OffsetTier[] = [
  { belowNs: 10e6, resolutionNs: 1e3, symbol: 'ms', sizeNs: 1e6, fractionDigits: 3 },
  { belowNs: 1e9, resolutionNs: 1e4, symbol: 'ms', sizeNs: 1e6, fractionDigits: 2 },
  { belowNs: 10e9, resolutionNs: 1e5, symbol: 'ms', sizeNs: 1e6, fractionDigits: 1 },
  { belowNs: Number.POSITIVE_INFINITY, resolutionNs: 1e6, symbol: 's', sizeNs: 1e9, fractionDigits: 3 },
];

// One formatter per locale and tier; a trace shows an offset per span and event.
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale}:${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, signDisplay: 'exceptZero' });
    numberFormats.set(key, format);
  }
  return format;
}

/**
 * Formats a moment's offset from a start (a span's within its trace, an event's within its span),
 * in nanoseconds, to a fixed resolution that coarsens with its size: 1 µs below 10 ms ("+4.321 ms"),
 * 10 µs below 1 s ("+12.04 ms"), 0.1 ms below 10 s ("+1,234.5 ms"), then 1 ms ("+12.346 s").
 * A value that rounds up to a tier's bound is shown in the next tier (9_999_600 ns → "+10.00 ms").
 * Positive offsets carry a "+", negative ones (clock skew) the locale's minus, and one that rounds to
 * zero neither ("0.000 ms"). Digits, grouping and decimal separator follow `locale`; NaN and ±∞ give "–".
 */
export function formatOffsetNs(offsetNs: number, locale: string): string {
  if (!Number.isFinite(offsetNs)) return '–';
  const magnitude = Math.abs(offsetNs);
  let tier = TIERS[0]!;
  let roundedNs = 0;
  for (const candidate of TIERS) {
    tier = candidate;
    roundedNs = Math.round(magnitude / candidate.resolutionNs) * candidate.resolutionNs;
    if (roundedNs < candidate.belowNs) break;
  }
  const value = (Math.sign(offsetNs) * roundedNs) / tier.sizeNs;
  return `${numberFormat(locale, tier.fractionDigits).format(value)} ${tier.symbol}`;
}
