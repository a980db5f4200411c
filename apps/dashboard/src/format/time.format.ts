const clockFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const fullFormats = new Map<string, Intl.DateTimeFormat>();
const calendarFormats = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = cache.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(locale, format);
  }
  return format;
}

function isSameLocalDay(aMs: number, bMs: number): boolean {
  const a = new Date(aMs);
  const b = new Date(bMs);
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * A moment as a wall-clock time in the viewer's time zone, 24-hour with seconds ("14:03:27").
 * When the moment is not on the same local day as `nowMs`, the date is put in front ("11/21 14:03:27"),
 * so a list spanning midnight never reads ambiguously.
 */
export function formatClockTime(epochMs: number, locale: string, nowMs: number = Date.now()): string {
  const time = cached(clockFormats, locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(epochMs);
  if (isSameLocalDay(epochMs, nowMs)) return time;
  const day = cached(dayFormats, locale, { month: '2-digit', day: '2-digit' }).format(epochMs);
  return `${day} ${time}`;
}

/** A moment with its full date and the time to the second ("11/30/2026, 16:59:53"): when keys were made, when an invitation expires. */
export function formatCalendarTime(epochMs: number, locale: string): string {
  return cached(calendarFormats, locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(epochMs);
}

/** A moment with date and milliseconds in the viewer's time zone, for the one place where it must be exact. */
export function formatDateTime(epochMs: number, locale: string): string {
  return cached(fullFormats, locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(epochMs);
}
