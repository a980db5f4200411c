/**
 * The wall clock in milliseconds since the epoch, with sub-millisecond precision.
 *
 * OpenTelemetry JS starts a span at `Date.now()`, whole milliseconds, and times its duration with
 * `performance.now()`. Statements that run back to back within one millisecond (an N+1 loop over
 * an in-process database) then all start at the same instant, overlap in the waterfall and hide
 * the pattern. This clock reads `performance.now()` against a `Date.now()` anchor, so consecutive
 * readings keep their true order and spacing; the anchor follows the wall clock whenever the two
 * drift more than a millisecond apart (NTP steps), checked once a second.
 */
const RECHECK_MS = 1000;
const MAX_DRIFT_MS = 1;

let anchorWallMs = Date.now();
let anchorMonotonicMs = performance.now();
let checkedAtMs = anchorMonotonicMs;

/** The wall-clock time, in epoch milliseconds, of an earlier (or current) `performance.now()` reading. */
export function epochMsAt(monotonic: number): number {
  const reading = anchorWallMs + (monotonic - anchorMonotonicMs);
  if (monotonic - checkedAtMs < RECHECK_MS) return reading;
  checkedAtMs = monotonic;
  // Date.now() truncates to the millisecond, so it reads up to 1 ms behind an exact clock.
  const wall = Date.now();
  if (wall - reading > MAX_DRIFT_MS || reading - wall > MAX_DRIFT_MS + 1) {
    anchorWallMs = wall;
    anchorMonotonicMs = monotonic;
    return wall;
  }
  return reading;
}
