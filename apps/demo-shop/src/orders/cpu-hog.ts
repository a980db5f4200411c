/** Of every `periodMs`, the hog keeps the event loop busy for `busyMs`. */
export interface CpuHog {
  stop(): void;
}

/**
 * While `isOn()` says so, spins the CPU `busyMs` out of every `periodMs` on this process's
 * event loop: real CPU use and real event-loop delay, which every request of the process feels.
 */
export function startCpuHog(isOn: () => boolean, busyMs = 60, periodMs = 100): CpuHog {
  const timer = setInterval(() => {
    if (!isOn()) return;
    const until = performance.now() + busyMs;
    let sink = 0;
    while (performance.now() < until) sink += Math.sqrt(sink + 1);
    if (sink < 0) throw new Error('unreachable');
  }, periodMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
