import { readFile } from 'node:fs/promises';
import type { Meter } from '@opentelemetry/api';

/** Byte, error and drop counters of one network interface since boot, as the kernel keeps them. */
export interface InterfaceCounters {
  iface: string;
  rxBytes: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txErrors: number;
  txDropped: number;
}

/**
 * Parses `/proc/net/dev`: two header lines, then `<iface>: <8 receive fields> <8 transmit fields>`
 * (bytes packets errs drop fifo frame compressed multicast | bytes packets errs drop fifo colls
 * carrier compressed). Lines that do not fit are skipped.
 */
export function parseProcNetDev(text: string): InterfaceCounters[] {
  const interfaces: InterfaceCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const iface = line.slice(0, colon).trim();
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (iface === '' || fields.length < 16 || fields.some((field) => !Number.isFinite(field))) continue;
    interfaces.push({
      iface,
      rxBytes: fields[0]!,
      rxErrors: fields[2]!,
      rxDropped: fields[3]!,
      txBytes: fields[8]!,
      txErrors: fields[10]!,
      txDropped: fields[11]!,
    });
  }
  return interfaces;
}

/**
 * The interface of the default route in `/proc/net/route` (destination and mask 0), or `undefined`
 * when there is none. Hex fields; the first line is a header.
 */
export function defaultRouteInterface(routeText: string): string | undefined {
  for (const line of routeText.split('\n').slice(1)) {
    const [iface, destination, , , , , , mask] = line.trim().split(/\s+/);
    if (iface !== undefined && iface !== '' && destination === '00000000' && mask === '00000000') return iface;
  }
  return undefined;
}

/**
 * The interface host metrics report: the one of the default route, else the first one that is
 * not loopback (what `@opentelemetry/host-metrics` picks through systeminformation).
 */
export function pickInterface(interfaces: readonly InterfaceCounters[], defaultIface: string | undefined): InterfaceCounters | undefined {
  return interfaces.find((counters) => counters.iface === defaultIface) ?? interfaces.find((counters) => counters.iface !== 'lo');
}

type ReadText = (path: string) => Promise<string>;
const readText: ReadText = (path) => readFile(path, 'utf8');

/**
 * `system.network.io`, `system.network.errors` and `system.network.dropped` of the default
 * interface, with the names and attributes (`system.device`, `network.io.direction`) of
 * `@opentelemetry/host-metrics`, read from `/proc/net/route` and `/proc/net/dev` (Linux).
 *
 * host-metrics reads the same figures through systeminformation, which runs
 * `ip route | grep default` with `execSync` (the event loop stops while a shell forks) and then
 * a shell with seven `cat`s, at every collection: about ten processes every 10 s in the
 * application's container. Two asynchronous file reads replace them.
 */
export function startNetworkMetrics(meter: Meter, read: ReadText = readText): void {
  const io = meter.createObservableCounter('system.network.io', { description: 'Network transmit and received bytes' });
  const errors = meter.createObservableCounter('system.network.errors', { description: 'Network errors counter' });
  const dropped = meter.createObservableCounter('system.network.dropped', { description: 'Network dropped packets' });
  meter.addBatchObservableCallback(
    async (result) => {
      let counters: InterfaceCounters | undefined;
      try {
        const [dev, route] = await Promise.all([read('/proc/net/dev'), read('/proc/net/route').catch(() => '')]);
        counters = pickInterface(parseProcNetDev(dev), defaultRouteInterface(route));
      } catch {
        return; // not Linux after all, or /proc not mounted: no network figures this time
      }
      if (counters === undefined) return;
      const receive = { 'system.device': counters.iface, 'network.io.direction': 'receive' };
      const transmit = { 'system.device': counters.iface, 'network.io.direction': 'transmit' };
      result.observe(io, counters.rxBytes, receive);
      result.observe(io, counters.txBytes, transmit);
      result.observe(errors, counters.rxErrors, receive);
      result.observe(errors, counters.txErrors, transmit);
      result.observe(dropped, counters.rxDropped, receive);
      result.observe(dropped, counters.txDropped, transmit);
    },
    [io, errors, dropped],
  );
}
