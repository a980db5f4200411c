import { formatDurationNs } from './duration.format';

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** Requests per second: three significant digits, "–" for nothing. */
export function formatRate(perSecond: number, locale: string): string {
  if (!Number.isFinite(perSecond)) return '–';
  if (perSecond === 0) return '0';
  return numberFormat(locale, { maximumSignificantDigits: 3 }).format(perSecond);
}

/** A ratio (0–1) as a percentage: two decimals under 1 %, one above. */
export function formatPercent(ratio: number | null | undefined, locale: string): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  const digits = ratio !== 0 && Math.abs(ratio) < 0.01 ? 2 : 1;
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio);
}

/** A latency in microseconds, through the shared duration format; "–" when unknown. */
export function formatLatencyUs(us: number | null | undefined, locale: string): string {
  return us === null || us === undefined ? '–' : formatDurationNs(us * 1000, locale);
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units with three significant digits ("1.5 GiB"). */
export function formatBytes(bytes: number | null | undefined, locale: string): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${numberFormat(locale, { maximumSignificantDigits: 3 }).format(value)} ${BYTE_UNITS[unit]}`;
}

/**
 * The change from `previous` to `current` as a signed relative percentage ("+12%"), or null when
 * there is no previous value to compare with.
 */
export function formatChange(current: number | null, previous: number | null | undefined, locale: string): string | null {
  if (current === null || previous === null || previous === undefined || previous === 0) return null;
  const change = (current - previous) / previous;
  return numberFormat(locale, { style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: 0 }).format(change);
}
