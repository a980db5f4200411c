import { describe, expect, it } from 'vitest';

import { FAULT_NAMES } from '../shared/faults';
import { formatFaults, parseDemoCommand } from './demo-cli';

const gateway = 'http://127.0.0.1:8081';

describe('parseDemoCommand', () => {
  it('reads "faults" and "fault <name> on|off"', () => {
    expect(parseDemoCommand(['faults'], gateway)).toEqual({ kind: 'list', gatewayUrl: gateway });
    expect(parseDemoCommand(['fault', 'n-plus-one', 'on'], gateway)).toEqual({ kind: 'switch', gatewayUrl: gateway, names: ['n-plus-one'], enabled: true });
    expect(parseDemoCommand(['fault', 'cpu-hog', 'off'], gateway)).toMatchObject({ names: ['cpu-hog'], enabled: false });
  });

  it('switches every fault with "all"', () => {
    expect(parseDemoCommand(['fault', 'all', 'off'], gateway)).toMatchObject({ names: FAULT_NAMES, enabled: false });
  });

  it('takes --gateway anywhere on the line', () => {
    expect(parseDemoCommand(['--gateway', 'http://h:48101/', 'faults'], gateway)).toEqual({ kind: 'list', gatewayUrl: 'http://h:48101' });
  });

  it('refuses unknown faults, states and extra words', () => {
    expect(parseDemoCommand(['fault', 'meltdown', 'on'], gateway)).toEqual({ kind: 'usage', error: 'unknown fault "meltdown"' });
    expect(parseDemoCommand(['fault', 'cpu-hog', 'maybe'], gateway)).toEqual({ kind: 'usage' });
    expect(parseDemoCommand(['fault', 'cpu-hog', 'on', 'now'], gateway)).toEqual({ kind: 'usage' });
    expect(parseDemoCommand(['--gateway'], gateway)).toMatchObject({ kind: 'usage', error: '--gateway needs a URL' });
  });
});

describe('formatFaults', () => {
  it('prints one line per fault, switched-on ones in capitals', () => {
    const text = formatFaults([
      { name: 'cpu-hog', enabled: true, service: 'demo-orders', layer: 'infrastructure', finding: 'busy loop' },
      { name: 'n-plus-one', enabled: false, service: 'demo-catalogue', layer: 'trace analysis', finding: 'one query per row' },
    ]);

    expect(text.split('\n')).toEqual([
      'ON   cpu-hog     demo-orders       infrastructure: busy loop',
      'off  n-plus-one  demo-catalogue    trace analysis: one query per row',
    ]);
  });
});
