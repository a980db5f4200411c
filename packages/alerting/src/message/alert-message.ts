import type { AlertLayer, AlertSeverity } from '@linkscope/domain';

/** How a value is shown: a ratio as a percentage, a latency in ms, a count as is. */
export type ValueUnit = 'ratio' | 'ms' | 'count';

/** The child entity that contributed most to an alert, named so the reader can go straight to it. */
export interface Suspect {
  readonly layer: AlertLayer;
  readonly entity: string;
  /** One line: what rose and by how much, e.g. "error rate 0.4% → 38%" or "+420 ms per call". */
  readonly detail: string;
}

/** One alert inside a notification: everything the message needs, already resolved. */
export interface AlertNotice {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: AlertSeverity;
  readonly layer: AlertLayer;
  readonly entity: string;
  readonly status: 'firing' | 'resolved';
  /** What is measured, e.g. "error rate", "p99 latency", "5xx count". */
  readonly metricLabel: string;
  readonly unit: ValueUnit;
  readonly value: number | null;
  /** The threshold the value was compared with, with its operator, e.g. "> 5%". Null for no-data rules. */
  readonly condition: string;
  /** The same measure one day earlier, when known. */
  readonly yesterdayValue: number | null;
  readonly suspect: Suspect | null;
  /** Dominant status code or exception type in the window, e.g. "503 × 214". */
  readonly dominantError: string | null;
  readonly lastDeploy: string | null;
  readonly exampleTraceIds: readonly string[];
  readonly startsAtMs: number;
  readonly endsAtMs: number | null;
  readonly labels: Readonly<Record<string, string>>;
  /** Deep link into the dashboard at the alert's entity and time window. */
  readonly dashboardUrl: string;
  /** Link that opens a prefilled silence for this alert. */
  readonly silenceUrl: string;
  /** Link that acknowledges the alert (stops escalation). */
  readonly ackUrl: string;
  /** Base URL for trace links: `${traceUrlBase}/${traceId}`. */
  readonly traceUrlBase: string;
}

/** One message to one channel: simultaneous alerts of one group travel together. */
export interface AlertMessage {
  readonly kind: 'firing' | 'resolved' | 'escalation' | 'test';
  readonly groupKey: string;
  readonly alerts: readonly AlertNotice[];
  /** Where the dashboard lives, for the Alertmanager payload's externalURL. */
  readonly externalUrl: string;
  readonly receiver: string;
}
