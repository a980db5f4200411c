import { CompiledLineParser } from './compiled-parser';
import { type JsonFieldNames, DEFAULT_JSON_FIELDS, JsonLineParser } from './json-line-parser';
import { compileLogFormat } from './log-format';
import { type AggregatorOptions, MinuteAggregator } from './minute-aggregator';
import { type LineParser, ParsedLine } from './parsed-line';

export interface LineFormatOptions {
  /** `combined`, `main`, `common`, `json`, a format string, or a whole `log_format` directive. */
  readonly format: string;
  /** The variable holding a trace id (e.g. `$otel_trace_id`); by default the first of the common names in the format. */
  readonly traceIdVariable?: string;
  /** For `json`: which keys hold which field, merged over DEFAULT_JSON_FIELDS. */
  readonly jsonFields?: Partial<JsonFieldNames>;
}

/** A parser for the configured format. Throws LogFormatError for a format that cannot be compiled. */
export function createLineParser(options: LineFormatOptions): LineParser {
  if (options.format === 'json') return new JsonLineParser({ ...DEFAULT_JSON_FIELDS, ...options.jsonFields });
  return new CompiledLineParser(compileLogFormat(options.format, options.traceIdVariable ? { traceIdVariable: options.traceIdVariable } : {}));
}

/** Counts of what a pipeline has consumed since it was created. */
export interface PipelineCounters {
  lines: number;
  parsed: number;
  unparsed: number;
}

/**
 * Splits chunks into lines (LF or CRLF; empty lines ignored), parses each into a reused
 * ParsedLine and adds it to the minute aggregator; unparseable lines are counted and sampled.
 */
export class LogPipeline {
  readonly aggregator: MinuteAggregator;
  readonly counters: PipelineCounters = { lines: 0, parsed: 0, unparsed: 0 };
  private readonly line = new ParsedLine();

  constructor(
    private readonly parser: LineParser,
    aggregator: MinuteAggregator | AggregatorOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.aggregator = aggregator instanceof MinuteAggregator ? aggregator : new MinuteAggregator(aggregator);
  }

  /**
   * Consumes the complete lines of buf[start, end) and answers the offset just past the last
   * newline: the caller keeps the rest (a partial line) for the next chunk.
   */
  consume(buf: Buffer, start: number, end: number): number {
    let p = start;
    for (;;) {
      const newline = buf.indexOf(10, p);
      if (newline < 0 || newline >= end) return p;
      let lineEnd = newline;
      if (lineEnd > p && buf[lineEnd - 1] === 13) lineEnd--;
      if (lineEnd > p) this.addLine(buf, p, lineEnd);
      p = newline + 1;
    }
  }

  /** Adds one line (without its newline). */
  addLine(buf: Buffer, start: number, end: number): void {
    this.counters.lines++;
    let ok: boolean;
    try {
      ok = this.parser.parse(buf, start, end, this.line);
    } catch {
      ok = false;
    }
    if (ok) {
      this.counters.parsed++;
      this.aggregator.add(this.line, buf, start, end);
    } else {
      this.counters.unparsed++;
      this.aggregator.addUnparsed(buf, start, end, this.now());
    }
  }
}
