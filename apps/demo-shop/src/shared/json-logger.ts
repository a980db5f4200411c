import { isSpanContextValid, trace } from '@opentelemetry/api';

/** Extra fields of a log line; `Error` values are reduced to name and message. */
export type LogFields = Record<string, unknown>;

/** Writes one JSON object per line to stdout. */
export interface JsonLogger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

type Level = 'info' | 'warn' | 'error';

/**
 * A logger stamping each line with time, level and service, plus `traceId`/`spanId` of the
 * active span when there is one, so a log line leads to its trace.
 */
export function createJsonLogger(
  service: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): JsonLogger {
  const log = (level: Level, msg: string, fields: LogFields = {}): void => {
    const spanContext = trace.getActiveSpan()?.spanContext();
    const traceFields =
      spanContext !== undefined && isSpanContextValid(spanContext)
        ? { traceId: spanContext.traceId, spanId: spanContext.spanId }
        : {};
    write(
      JSON.stringify({ time: new Date().toISOString(), level, service, msg, ...traceFields, ...fields }, (_key, value: unknown) =>
        value instanceof Error ? { name: value.name, message: value.message } : value,
      ),
    );
  };
  return {
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  };
}
