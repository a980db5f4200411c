import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';

/** What an export attempt (or a probe) found out about the path to the collector. */
export type ExportProblem =
  | 'ok'
  | 'unauthorized'
  | 'forbidden'
  | 'throttled'
  | 'unavailable'
  | 'unreachable'
  | 'timeout'
  | 'rejected';

/** The outcome of {@link probeCollector}, and of every export that diagnostics watch. */
export interface Diagnosis {
  problem: ExportProblem;
  /** HTTP status when the collector answered. */
  httpStatus?: number;
  /** One sentence for a person: what happened and what to check. */
  message: string;
}

/** The telemetry signals the SDK exports. */
export type Signal = 'traces' | 'metrics' | 'logs';

interface ExporterLike {
  export(items: unknown, resultCallback: (result: ExportResult) => void): void;
}

/** Network error codes that mean "nobody answered at that address". */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNRESET', 'EPIPE']);
/** What the OTLP exporter reports after its retries of a 429/502/503/504 ran out: the status itself is lost. */
const RETRYABLE_STATUS_MESSAGE = 'Export failed with retryable status';
/** A probe on every failure would double the traffic of a failing exporter; one per interval is enough. */
const PROBE_INTERVAL_MS = 30_000;
const PROBE_TIMEOUT_MS = 5_000;

/** Explains an HTTP status from a Linkscope collector (or any OTLP receiver). */
export function diagnoseStatus(status: number, url: string): Diagnosis {
  if (status >= 200 && status < 300) return { problem: 'ok', httpStatus: status, message: `${url} accepts exports.` };
  if (status === 401) {
    return {
      problem: 'unauthorized',
      httpStatus: status,
      message: `${url} answered 401: the ingest key is missing or unknown. Set LINKSCOPE_API_KEY (or the apiKey option) to a key from Linkscope's settings.`,
    };
  }
  if (status === 403) {
    return { problem: 'forbidden', httpStatus: status, message: `${url} answered 403: the ingest key is valid but may not write here (disabled key or project).` };
  }
  if (status === 429) {
    return {
      problem: 'throttled',
      httpStatus: status,
      message: `${url} answered 429: this project sends faster than its ingest rate limit. Exports are retried after Retry-After; lower the sample ratio or ask for a higher limit.`,
    };
  }
  if (status === 502 || status === 503 || status === 504) {
    return {
      problem: 'unavailable',
      httpStatus: status,
      message: `${url} answered ${status}: the collector is overloaded or its queue is unavailable. Exports are retried; data is dropped only when the SDK's own queue fills.`,
    };
  }
  if (status === 404) {
    return { problem: 'rejected', httpStatus: status, message: `${url} answered 404: the endpoint is not an OTLP/HTTP receiver. Give the collector's base URL (e.g. http://host:4318), not a path.` };
  }
  return { problem: 'rejected', httpStatus: status, message: `${url} answered ${status}: the collector refused the export.` };
}

/** Explains an error the OTLP exporter handed back; `undefined` when only a probe can tell (retries of 429/503 ran out). */
export function diagnoseExportError(error: unknown, url: string): Diagnosis | undefined {
  if (!(error instanceof Error)) return { problem: 'rejected', message: `Export to ${url} failed: ${String(error)}.` };
  const status = (error as { code?: unknown }).code;
  if (typeof status === 'number') return diagnoseStatus(status, url);
  if (typeof status === 'string' && UNREACHABLE_CODES.has(status)) {
    return { problem: 'unreachable', message: `${url} is unreachable (${status}): check the endpoint (OTEL_EXPORTER_OTLP_ENDPOINT) and that the collector is running.` };
  }
  if (/timed out|timeout/i.test(error.message)) {
    return { problem: 'timeout', message: `${url} did not answer in time: the collector is slow or a proxy drops the connection.` };
  }
  if (error.message === RETRYABLE_STATUS_MESSAGE) return undefined;
  return { problem: 'rejected', message: `Export to ${url} failed: ${error.message}.` };
}

/**
 * Asks the collector whether it would accept an export: POSTs an empty OTLP protobuf request
 * (which carries no data) to `url` with the export headers and explains the answer. Never throws.
 */
export async function probeCollector(url: string, headers: Readonly<Record<string, string>>): Promise<Diagnosis> {
  return context.with(suppressTracing(context.active()), async () => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-protobuf' },
        body: new Uint8Array(0),
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      return diagnoseStatus(response.status, url);
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      if (error instanceof Error && error.name === 'TimeoutError') return diagnoseExportError(new Error('timed out'), url)!;
      return diagnoseExportError(cause instanceof Error ? cause : error, url) ?? { problem: 'rejected' as const, message: `Probe of ${url} failed.` };
    }
  });
}

/**
 * Watches the results of every export and prints one line on stderr each time a signal's
 * state changes (first success, start of a failure, recovery), saying why. In quiet mode
 * (`verbose` false) only a refused key is reported, once, because it never heals by itself.
 */
export class ExportDiagnostics {
  private readonly state = new Map<Signal, ExportProblem>();
  private lastProbeMs = -Infinity;
  private reportedUnauthorized = false;

  constructor(
    private readonly verbose: boolean,
    private readonly headers: Readonly<Record<string, string>>,
    private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  /** Wraps `exporter.export` so its results are watched; returns the same exporter. */
  watch<T extends ExporterLike>(exporter: T, signal: Signal, url: string): T {
    const original = exporter.export.bind(exporter);
    exporter.export = (items, resultCallback) =>
      original(items, (result) => {
        this.record(signal, url, result, Array.isArray(items) ? items.length : undefined);
        resultCallback(result);
      });
    return exporter;
  }

  /** Records one export result. Public for tests. */
  record(signal: Signal, url: string, result: ExportResult, count: number | undefined): void {
    if (result.code === ExportResultCode.SUCCESS) {
      this.change(signal, { problem: 'ok', message: `${signal}: ${count === undefined ? 'export' : `${count} items`} accepted by ${url}.` });
      return;
    }
    const diagnosis = diagnoseExportError(result.error, url);
    if (diagnosis !== undefined) {
      this.change(signal, diagnosis);
      return;
    }
    // The exporter's retries of a 429/503 ran out and the status is gone: ask the collector once.
    const now = Date.now();
    if (now - this.lastProbeMs < PROBE_INTERVAL_MS) return;
    this.lastProbeMs = now;
    void probeCollector(url, this.headers).then((probed) =>
      this.change(signal, probed.problem === 'ok' ? { problem: 'unavailable', message: `${url} refused an export for a while (429/503) and accepts again now.` } : probed),
    );
  }

  private change(signal: Signal, diagnosis: Diagnosis): void {
    const previous = this.state.get(signal);
    this.state.set(signal, diagnosis.problem);
    if (diagnosis.problem === 'unauthorized' && !this.reportedUnauthorized) {
      this.reportedUnauthorized = true;
      this.write(`linkscope: ${signal} export failed. ${diagnosis.message}`);
      return;
    }
    if (!this.verbose || previous === diagnosis.problem) return;
    if (diagnosis.problem === 'ok') this.write(`linkscope: ${previous === undefined ? '' : 'recovered: '}${diagnosis.message}`);
    else if (diagnosis.problem !== 'unauthorized') this.write(`linkscope: ${signal} export failed. ${diagnosis.message}`);
  }
}
