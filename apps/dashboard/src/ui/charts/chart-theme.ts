/** Series colours of every chart: distinguishable in light and dark schemes, red kept for failures. */
export const CHART_COLOURS = {
  primary: '#3b6fe0',
  secondary: '#16a394',
  tertiary: '#b7791f',
  error: '#d64545',
  previous: '#8c96a3',
  grid: '#8c96a340',
} as const;

const axisFormats = new Map<string, Intl.DateTimeFormat>();

/** An axis tick for a time: hours and minutes, with the day when the window spans days. */
export function formatAxisTime(epochMs: number, locale: string, spanMs: number): string {
  const withDay = spanMs > 86_400_000;
  const key = `${locale}|${withDay}`;
  let format = axisFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, withDay ? { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    axisFormats.set(key, format);
  }
  return format.format(epochMs);
}
