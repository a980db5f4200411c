import type { AlertMessage, AlertNotice } from '../message/alert-message';

/** A realistic firing alert for tests and previews: a URI error spike with a downstream suspect. */
export function sampleNotice(overrides: Partial<AlertNotice> = {}): AlertNotice {
  return {
    fingerprint: 'f0e1d2c3b4a59687',
    ruleId: 'checkout-errors',
    ruleName: 'Checkout error rate',
    severity: 'critical',
    layer: 'uri',
    entity: 'gateway GET /api/checkout',
    status: 'firing',
    metricLabel: 'error rate',
    unit: 'ratio',
    value: 0.382,
    condition: '> 5%',
    yesterdayValue: 0.004,
    suspect: { layer: 'interface', entity: 'gateway → payments POST /charge', detail: 'error rate 0.3% → 41%' },
    dominantError: '503 × 214',
    lastDeploy: 'payments 2.14.0 at 2026-11-23 09:58 UTC',
    exampleTraceIds: ['4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba902b7a3ce929d0e0e4736'],
    startsAtMs: Date.UTC(2026, 10, 23, 10, 0, 0),
    endsAtMs: null,
    labels: { team: 'shop' },
    dashboardUrl: 'https://linkscope.example/layers/uri?entity=gateway%20GET%20%2Fapi%2Fcheckout&from=1&to=2',
    silenceUrl: 'https://linkscope.example/alerts/silences/new?fingerprint=f0e1d2c3b4a59687',
    ackUrl: 'https://linkscope.example/alerts/f0e1d2c3b4a59687/ack',
    traceUrlBase: 'https://linkscope.example/traces',
    ...overrides,
  };
}

export function sampleMessage(alerts: readonly AlertNotice[] = [sampleNotice()], kind: AlertMessage['kind'] = 'firing'): AlertMessage {
  return { kind, groupKey: 'n-sample', alerts, externalUrl: 'https://linkscope.example', receiver: 'ops' };
}
