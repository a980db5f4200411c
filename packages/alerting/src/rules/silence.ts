import type { Silence } from '@linkscope/domain';

/** Largest regex source we compile from a silence matcher (bounded to keep matching cheap). */
const MAX_REGEX_LENGTH = 512;

function matcherHolds(matcher: Silence['matchers'][number], labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.name] ?? '';
  let matches: boolean;
  if (matcher.isRegex) {
    try {
      // Anchored, as Alertmanager anchors its regex matchers.
      matches = matcher.value.length <= MAX_REGEX_LENGTH && new RegExp(`^(?:${matcher.value})$`).test(value);
    } catch {
      matches = false;
    }
  } else matches = value === matcher.value;
  return matcher.isEqual ? matches : !matches;
}

/** True when a silence is active at `nowMs` and every one of its matchers holds for the labels. */
export function silenceMatches(silence: Silence, labels: Readonly<Record<string, string>>, nowMs: number): boolean {
  return nowMs >= silence.startsAtMs && nowMs < silence.endsAtMs && silence.matchers.every((m) => matcherHolds(m, labels));
}

/** The first silence that mutes these labels now, if any. */
export function findSilence(silences: readonly Silence[], labels: Readonly<Record<string, string>>, nowMs: number): Silence | undefined {
  return silences.find((s) => silenceMatches(s, labels, nowMs));
}
