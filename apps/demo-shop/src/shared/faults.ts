/**
 * The fault switches of the demo shop. Each one makes a real defect happen in real code (a
 * query without an index, a loop of queries, awaited calls in a row, retries without backoff, a
 * busy loop), so what Linkscope shows is what it would show in production.
 */
export const FAULTS = {
  'slow-queries': {
    service: 'demo-catalogue',
    layer: 'component',
    finding: 'sqlite SELECT product_views jumps from a few ms to well over 100 ms (the product page joins referrers without its index); browse p99 follows',
  },
  'error-burst': {
    service: 'demo-catalogue',
    layer: 'URI and business',
    finding: 'about half of the catalogue requests answer 500; browse, add-to-cart and place-order success rates drop',
  },
  'provider-timeout': {
    service: 'payment-provider',
    layer: 'interface',
    finding: 'payments → payment-provider POST /v1/charges takes 3 s and is cut at 1.5 s; pay fails with 504',
  },
  'n-plus-one': {
    service: 'demo-catalogue',
    layer: 'trace analysis',
    finding: 'GET /products runs one SELECT per product after listing ids: dozens of identical statements in one trace',
  },
  'serial-calls': {
    service: 'demo-orders',
    layer: 'trace analysis',
    finding: 'place-order fetches each cart item and the user one after another instead of in parallel: sibling calls that never overlap',
  },
  'retry-storm': {
    service: 'demo-payments',
    layer: 'trace analysis and interface',
    finding: 'the provider answers 503; payments retries 4 times without backoff and the gateway retries the payment 3 times: 12 provider calls per pay',
  },
  'cpu-hog': {
    service: 'demo-orders',
    layer: 'infrastructure',
    finding: 'a busy loop holds the orders event loop 60 ms of every 100 ms: process.cpu.utilization and nodejs.eventloop.delay rise, place-order slows',
  },
} as const satisfies Record<string, { service: string; layer: string; finding: string }>;

export type FaultName = keyof typeof FAULTS;

export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

export function isFaultName(value: string): value is FaultName {
  return Object.hasOwn(FAULTS, value);
}

/** Which switches are on. */
export type FaultState = Record<FaultName, boolean>;

export function allFaultsOff(): FaultState {
  return Object.fromEntries(FAULT_NAMES.map((name) => [name, false])) as FaultState;
}
