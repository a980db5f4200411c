/**
 * nginx `log_format` strings compiled into a list of literals and variables, and what each
 * variable means to the aggregation.
 */

/** What a variable contributes; everything not listed is skipped over. */
export enum FieldKind {
  Skip = 0,
  TimeLocal,
  TimeIso,
  Msec,
  Request,
  Method,
  RequestUri,
  Status,
  Bytes,
  RequestTime,
  UpstreamTime,
  Host,
  TraceId,
}

/** Formats known by name. `combined` is nginx's predefined one; `main` is the stock nginx.conf's. */
export const NAMED_FORMATS: Readonly<Record<string, string>> = {
  combined: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"',
  main: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"',
  common: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent',
};

/** Variables read as a trace id when the configuration names none, in order of preference. */
export const DEFAULT_TRACE_ID_VARIABLES: readonly string[] = ['otel_trace_id', 'trace_id', 'opentelemetry_trace_id', 'http_traceparent', 'http_x_trace_id'];

/** One variable of a format and the literal that ends it. */
export interface CompiledVariable {
  readonly name: string;
  readonly kind: FieldKind;
  readonly after: Uint8Array;
  /**
   * `$upstream_*` values list one entry per upstream tried, separated by `, ` and ` : `
   * (`0.010, 0.020 : 0.005`), and nginx logs them unquoted in many real formats. When the literal
   * after such a variable starts with a space, a space next to `,` or `:` belongs to the value.
   */
  readonly listValued: boolean;
}

export interface CompiledFormat {
  /** Literal text before the first variable. */
  readonly prefix: Uint8Array;
  readonly variables: readonly CompiledVariable[];
  /** The format as compiled (after unwrapping a `log_format` directive). */
  readonly source: string;
}

export class LogFormatError extends Error {
  readonly code = 'LOG_FORMAT_INVALID';
}

/**
 * Accepts either the format itself or a whole directive as written in nginx.conf
 * (`log_format name [escape=…] '…' '…';`): the quoted pieces are joined as nginx joins them.
 */
export function unwrapLogFormatDirective(text: string): string {
  const trimmed = text.trim();
  if (!/^log_format\s/.test(trimmed)) return text;
  const body = trimmed.replace(/^log_format\s+\S+\s+/, '').replace(/^escape=\S+\s+/, '').replace(/;\s*$/, '');
  const pieces: string[] = [];
  const quoted = /'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = quoted.exec(body)) !== null) {
    if (body.slice(consumed, match.index).trim() !== '') throw new LogFormatError(`unexpected text in log_format directive near "${body.slice(consumed, match.index).trim()}"`);
    pieces.push((match[1] ?? match[2] ?? '').replace(/\\(.)/g, '$1'));
    consumed = match.index + match[0].length;
  }
  if (pieces.length === 0) return body;
  if (body.slice(consumed).trim() !== '') throw new LogFormatError(`unexpected text at the end of the log_format directive: "${body.slice(consumed).trim()}"`);
  return pieces.join('');
}

function kindsFor(names: readonly string[], traceIdVariable: string | undefined): Map<string, FieldKind> {
  const present = new Set(names);
  const kinds = new Map<string, FieldKind>([
    ['time_local', FieldKind.TimeLocal],
    ['time_iso8601', FieldKind.TimeIso],
    ['msec', FieldKind.Msec],
    ['request', FieldKind.Request],
    ['request_method', FieldKind.Method],
    ['status', FieldKind.Status],
    ['request_time', FieldKind.RequestTime],
    ['upstream_response_time', FieldKind.UpstreamTime],
  ]);
  const firstPresent = (candidates: readonly string[]): string | undefined => candidates.find((c) => present.has(c));
  const uri = firstPresent(['request_uri', 'uri', 'document_uri']);
  if (uri) kinds.set(uri, FieldKind.RequestUri);
  const bytes = firstPresent(['body_bytes_sent', 'bytes_sent']);
  if (bytes) kinds.set(bytes, FieldKind.Bytes);
  const host = firstPresent(['host', 'http_host', 'server_name']);
  if (host) kinds.set(host, FieldKind.Host);
  const trace = traceIdVariable ? traceIdVariable.replace(/^\$/, '') : firstPresent(DEFAULT_TRACE_ID_VARIABLES);
  if (trace) kinds.set(trace, FieldKind.TraceId);
  return kinds;
}

/**
 * Compiles a format (a name from NAMED_FORMATS, a format string, or a `log_format` directive).
 * Throws LogFormatError when the format cannot be parsed unambiguously: two variables with no
 * literal between them, or no time variable (lines could not be put into minutes).
 */
export function compileLogFormat(format: string, options: { traceIdVariable?: string } = {}): CompiledFormat {
  const source = NAMED_FORMATS[format] ?? unwrapLogFormatDirective(format);
  const tokens: ({ literal: string } | { variable: string })[] = [];
  const variable = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = variable.exec(source)) !== null) {
    if (match.index > last) tokens.push({ literal: source.slice(last, match.index) });
    tokens.push({ variable: (match[1] ?? match[2])! });
    last = match.index + match[0].length;
  }
  if (last < source.length) tokens.push({ literal: source.slice(last) });

  const names = tokens.flatMap((t) => ('variable' in t ? [t.variable] : []));
  if (names.length === 0) throw new LogFormatError('log format has no variables');
  const kinds = kindsFor(names, options.traceIdVariable);
  if (!names.some((n) => [FieldKind.TimeLocal, FieldKind.TimeIso, FieldKind.Msec].includes(kinds.get(n) ?? FieldKind.Skip))) {
    throw new LogFormatError('log format has no time variable ($time_local, $time_iso8601 or $msec): lines could not be counted per minute');
  }
  if (!names.some((n) => kinds.get(n) === FieldKind.Status)) throw new LogFormatError('log format has no $status');
  if (!names.some((n) => kinds.get(n) === FieldKind.Request || kinds.get(n) === FieldKind.RequestUri)) {
    throw new LogFormatError('log format has no $request, $request_uri or $uri: lines could not be given a route');
  }

  const encoder = new TextEncoder();
  let prefix = new Uint8Array(0);
  let index = 0;
  const first = tokens[0];
  if (first && 'literal' in first) {
    prefix = encoder.encode(first.literal);
    index = 1;
  }
  const variables: CompiledVariable[] = [];
  for (; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (!('variable' in token)) continue;
    const next = tokens[index + 1];
    const isLast = index + 1 >= tokens.length || (index + 2 >= tokens.length && next !== undefined && 'literal' in next);
    if (next && 'variable' in next) {
      throw new LogFormatError(`variables $${token.variable} and $${next.variable} are not separated by literal text, so lines cannot be split between them`);
    }
    const after = next && 'literal' in next ? encoder.encode(next.literal) : new Uint8Array(0);
    if (!isLast && after.length === 0) throw new LogFormatError(`variable $${token.variable} is not followed by literal text`);
    const listValued = token.variable.startsWith('upstream_') && after[0] === 0x20;
    variables.push({ name: token.variable, kind: kinds.get(token.variable) ?? FieldKind.Skip, after, listValued });
  }
  return { prefix, variables, source };
}
