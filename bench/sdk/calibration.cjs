// The measuring stick of bench:sdk: no SDK, only a known amount of CPU per request. Preloaded into
// the bare service, it does BENCH_CALIBRATION_US microseconds of CPU work at the start of every
// request, where an SDK starts its server span. A method of measuring "CPU per span" that is right
// reads this variant as that many microseconds per request; the bench prints what each of its two
// methods reads, so the reader can see how far to trust each.
//
// The work is a fixed number of iterations of a small loop, sized at startup: the thread's CPU
// clock as Node reads it (getrusage) advances only at scheduler ticks, too coarse to stop a 20 µs
// burn on, but over a quarter of a second of burns it gives their cost to within ~2 %.
const diagnosticsChannel = require('node:diagnostics_channel');

const burnUs = Number(process.env.BENCH_CALIBRATION_US);
if (!Number.isFinite(burnUs) || burnUs <= 0) throw new Error('calibration.cjs: BENCH_CALIBRATION_US must be a positive number');

let state = 1;
let iterations = 1000;
/** The burn, exactly as each request runs it. */
function burn() {
  let x = state;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  state = x | 1;
}

const cpuUs = () => {
  const usage = process.threadCpuUsage();
  return usage.user + usage.system;
};

/**
 * CPU µs per burn, over at least a quarter of a second of burns, called the way requests call it:
 * published on a diagnostics channel (called directly in a loop, V8 inlines it and it runs ~25 %
 * faster than it does per request).
 */
function microsecondsPerBurn() {
  const channel = diagnosticsChannel.channel('linkscope.bench.calibration');
  channel.subscribe(burn);
  const start = cpuUs();
  let calls = 0;
  while (cpuUs() - start < 250_000) {
    for (let i = 0; i < 100; i++) channel.publish(calls);
    calls += 100;
  }
  channel.unsubscribe(burn);
  return (cpuUs() - start) / calls;
}

// Sized by measuring the burn itself, three times, each pass correcting the previous size.
for (let pass = 0; pass < 3; pass++) iterations = Math.max(1, Math.round((iterations * burnUs) / microsecondsPerBurn()));
diagnosticsChannel.subscribe('http.server.request.start', burn);
