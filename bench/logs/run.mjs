// bench:logs — access-log parsing and per-minute aggregation on one core, side by side with
// GoAccess (Debian's package) on the same file.
//
// One million generated nginx `combined` lines (bench/logs/generate.mjs: API routes with numeric,
// UUID and hex ids, static assets, search queries, bots, malformed requests, IPv4 and IPv6, real
// user agents). Linkscope: the agent's own pipeline (read, split, parse, normalise the route,
// count per minute per host + method + route with status codes, bytes and latency buckets) in a
// child process pinned to one core with taskset, three runs, the median reported. GoAccess: the
// same file, `--log-format=COMBINED`, JSON report, pinned to the same core. Both figures are lines
// per CPU-second of the process (the machine is shared, so wall time is printed but not used).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { REPO, fmt, machine, printJsonLine } from '../lib/harness.mjs';
import { writeCombinedLog } from './generate.mjs';

const LINES = Number(process.env.BENCH_LOGS_LINES ?? 1_000_000);
const GOAL = 1_000_000;
const GOAL_RATIO = 20;
const dir = path.join(REPO, '.linkscope', 'bench');
const file = path.join(dir, `access-combined-${LINES}.log`);
const pin = existsSync('/usr/bin/taskset') ? ['taskset', '-c', '0'] : [];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function linkscope() {
  const [command, ...args] = [...pin, process.execPath, path.join(REPO, 'bench', 'logs', 'parse-file.mjs'), file, 'combined', '3'];
  const output = execFileSync(command, args, { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 20 });
  const runs = output.trim().split('\n').map((l) => JSON.parse(l));
  for (const r of runs) if (r.counted !== r.parsed || r.lines !== LINES) throw new Error(`linkscope counted ${r.counted} of ${r.parsed} parsed lines (${r.lines} read)`);
  return { runs, perCore: median(runs.map((r) => r.lines / r.cpuS)), wall: median(runs.map((r) => r.lines / r.wallS)), sample: runs[0] };
}

/**
 * GoAccess from Debian, installed on first use (apt-get install goaccess) unless
 * LINKSCOPE_INSTALL_PACKAGES=false. Answers its version line, or null with the reason printed.
 */
function ensureGoAccess() {
  const probe = () => spawnSync('goaccess', ['--version'], { encoding: 'utf8' });
  let which = probe();
  if (!which.error) return which.stdout.split('\n')[0]?.trim() ?? 'GoAccess';
  if (process.env.LINKSCOPE_INSTALL_PACKAGES === 'false') {
    console.log('GoAccess is not installed and LINKSCOPE_INSTALL_PACKAGES=false: no comparison this run (apt-get install -y goaccess)');
    return null;
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudoProbe = root ? null : spawnSync('sudo', ['-n', 'true']);
  const sudo = sudoProbe !== null && !sudoProbe.error && sudoProbe.status === 0;
  if (!root && !sudo) {
    console.log('GoAccess is not installed and this user cannot run apt-get: no comparison this run (as root: apt-get install -y goaccess)');
    return null;
  }
  console.log("installing Debian's goaccess package (apt-get install -y goaccess) ...");
  const apt = spawnSync(sudo ? 'sudo' : 'sh', [...(sudo ? ['-n', 'sh'] : []), '-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq goaccess'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  which = probe();
  if (which.error) {
    console.log(`GoAccess could not be installed (apt-get exited ${apt.status}: ${(apt.stderr ?? '').trim().split('\n').pop() ?? ''}): no comparison this run`);
    return null;
  }
  return which.stdout.split('\n')[0]?.trim() ?? 'GoAccess';
}

function goaccess() {
  const version = ensureGoAccess();
  if (version === null) return null;
  const out = path.join(dir, 'goaccess-report.json');
  // bash's `time` reports the child's own user + system CPU seconds.
  const script = `TIMEFORMAT='%R %U %S'; { time ${pin.join(' ')} goaccess "${file}" --log-format=COMBINED --no-global-config --no-progress -o "${out}" >/dev/null 2>&1 ; } 2>&1`;
  const timing = execFileSync('bash', ['-c', script], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  const [real, user, sys] = timing.slice(-3);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const total = Number(report.general?.total_requests ?? 0);
  const valid = Number(report.general?.valid_requests ?? 0);
  return { version, perCore: total / (user + sys), wall: total / real, total, valid, cpuS: user + sys };
}

mkdirSync(dir, { recursive: true });
if (!existsSync(file)) {
  console.log(`generating ${fmt(LINES)} nginx combined lines into ${path.relative(REPO, file)}`);
  writeCombinedLog(file, LINES);
}
console.log(`\nbench:logs on ${machine()}`);
console.log(`${fmt(LINES)} nginx combined lines, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB, ${pin.length ? 'pinned to core 0 (taskset)' : 'not pinned (no taskset)'}\n`);

const loadBefore = os.loadavg().map((l) => l.toFixed(2)).join(' ');
const ours = linkscope();
for (const [i, r] of ours.runs.entries()) console.log(`linkscope run ${i + 1}: ${fmt(r.lines / r.cpuS)} lines/s per CPU-second (${r.cpuS.toFixed(2)} s CPU, ${r.wallS.toFixed(2)} s wall), ${fmt(r.parsed)} parsed, ${fmt(r.unparsed)} unparseable, ${r.minutes} minutes`);
const theirs = goaccess();
console.log('');
console.log('parser                    lines/s/core   wall lines/s');
console.log(`linkscope access-log     ${fmt(ours.perCore).padStart(13)} ${fmt(ours.wall).padStart(14)}`);
if (theirs) {
  console.log(`${theirs.version.padEnd(24)} ${fmt(theirs.perCore).padStart(13)} ${fmt(theirs.wall).padStart(14)}   (${fmt(theirs.total)} requests, ${fmt(theirs.valid)} valid, ${theirs.cpuS.toFixed(1)} s CPU)`);
  console.log(`\nratio linkscope / GoAccess: ${(ours.perCore / theirs.perCore).toFixed(1)}x (goal > ${GOAL_RATIO}x); goal ${fmt(GOAL)} lines/s/core: ${ours.perCore >= GOAL ? 'met' : 'not met'}\n`);
} else {
  console.log('\nno GoAccess figure (see above): no ratio this run\n');
}
console.log(`load average before / after: ${loadBefore} / ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
printJsonLine({ bench: 'logs', metric: 'nginx_combined_lines_per_s_per_core', value: Math.round(ours.perCore), unit: 'lines/s', goal: GOAL, ...(theirs ? { ratio: { to: theirs.version, value: Number((ours.perCore / theirs.perCore).toFixed(1)) } } : {}) });
if (theirs) printJsonLine({ bench: 'logs', metric: 'goaccess_combined_lines_per_s_per_core', value: Math.round(theirs.perCore), unit: 'lines/s' });
