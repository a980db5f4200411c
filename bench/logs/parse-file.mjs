// Child of bench/logs/run.mjs: parses and aggregates one access-log file with the agent's
// pipeline (read in 4 MiB chunks, every line parsed, routed and counted per minute, minutes
// closed as the log's clock passes them), `runs` times, and prints one JSON result per run.
import { closeSync, openSync, readSync } from 'node:fs';
import { LogPipeline, createLineParser } from '@linkscope/access-log';

const [file, format = 'combined', runs = '3'] = process.argv.slice(2);

function once() {
  const pipeline = new LogPipeline(createLineParser({ format }), { defaultHost: 'shop.example.com' });
  const aggregator = pipeline.aggregator;
  const buf = Buffer.allocUnsafe(4 << 20);
  const fd = openSync(file, 'r');
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let carry = 0;
  let minutes = 0;
  let counted = 0;
  for (;;) {
    const n = readSync(fd, buf, carry, buf.length - carry, null);
    if (n === 0) break;
    const end = carry + n;
    const used = pipeline.consume(buf, 0, end);
    buf.copy(buf, 0, used, end);
    carry = end - used;
    aggregator.close(aggregator.newestLineEpochMs - 10_000);
    for (const m of aggregator.takeClosed()) {
      minutes++;
      for (const e of m.entries) counted += e.count;
    }
  }
  aggregator.closeAll();
  for (const m of aggregator.takeClosed()) {
    minutes++;
    for (const e of m.entries) counted += e.count;
  }
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  closeSync(fd);
  return { lines: pipeline.counters.lines, parsed: pipeline.counters.parsed, unparsed: pipeline.counters.unparsed, counted, minutes, wallS, cpuS: (cpu.user + cpu.system) / 1e6 };
}

for (let i = 0; i < Number(runs); i++) console.log(JSON.stringify(once()));
