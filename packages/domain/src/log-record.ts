import type { Attributes, EpochNs } from './span';

/** One log record after decoding. `body` is text (structured bodies are rendered as JSON). */
export interface LogRecord {
  /** When the event happened; the observed time when the sender gave none. */
  readonly timeEpochNs: EpochNs;
  readonly observedTimeEpochNs: EpochNs;
  /** OpenTelemetry severity number 0–24 (0 = unspecified, 9 = INFO, 17 = ERROR). */
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: string;
  readonly serviceName: string;
  /** Lower-case hex, or null when the record is not tied to a trace. */
  readonly traceId: string | null;
  readonly spanId: string | null;
  readonly attributes: Attributes;
  readonly resourceAttributes: Attributes;
  readonly scopeName: string;
}
