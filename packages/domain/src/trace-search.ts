import { z } from 'zod';
import type { DurationNs } from './span';

/**
 * Trace search: a boolean expression over facts of whole traces. A trace matches `service=a`
 * when any of its spans is in service `a`; `service=a AND route=/x` when it has a span of `a`
 * and a span with route `/x` (not necessarily the same span). `duration` is the whole trace,
 * earliest start to latest end. See ADR 0009.
 */
export const TRACE_SEARCH_FIELDS = ['service', 'operation', 'route', 'status', 'http.status', 'root.service', 'root.operation', 'root.route', 'error.service'] as const;
export type TraceSearchField = (typeof TRACE_SEARCH_FIELDS)[number];

export type TraceSearchExpr =
  | { readonly op: 'and' | 'or'; readonly args: readonly TraceSearchExpr[] }
  | { readonly op: 'not'; readonly arg: TraceSearchExpr }
  /** `field=value` (exact) or `field=value*` (prefix). Attributes use `attr` with the key. */
  | { readonly op: 'match'; readonly field: TraceSearchField; readonly value: string; readonly prefix: boolean }
  | { readonly op: 'attr'; readonly key: string; readonly value: string; readonly prefix: boolean }
  | { readonly op: 'exists' | 'missing'; readonly key: string }
  | { readonly op: 'error'; readonly value: boolean }
  | { readonly op: 'duration'; readonly cmp: 'gt' | 'gte' | 'lt' | 'lte'; readonly ns: DurationNs };

export const TRACE_SEARCH_LIMITS = {
  maxQueryLength: 2_000,
  maxTerms: 64,
  maxDepth: 8,
  maxValueLength: 256,
  maxPageSize: 200,
  maxWindowDays: 31,
} as const;

const value = z.string().min(1).max(TRACE_SEARCH_LIMITS.maxValueLength);
const attrKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.\-/:@]+$/, 'an attribute key is letters, digits and . _ - / : @');

/** The expression schema: what the parser produces and what the storage layer accepts. */
export const traceSearchExprSchema: z.ZodType<TraceSearchExpr> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.object({ op: z.enum(['and', 'or']), args: z.array(traceSearchExprSchema).min(1).max(TRACE_SEARCH_LIMITS.maxTerms) }),
    z.object({ op: z.literal('not'), arg: traceSearchExprSchema }),
    z.object({ op: z.literal('match'), field: z.enum(TRACE_SEARCH_FIELDS), value, prefix: z.boolean() }),
    z.object({ op: z.literal('attr'), key: attrKey, value, prefix: z.boolean() }),
    z.object({ op: z.enum(['exists', 'missing']), key: attrKey }),
    z.object({ op: z.literal('error'), value: z.boolean() }),
    z.object({ op: z.literal('duration'), cmp: z.enum(['gt', 'gte', 'lt', 'lte']), ns: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).transform((n) => n as DurationNs) }),
  ]),
) as z.ZodType<TraceSearchExpr>;

/** A query error with the character position it refers to. */
export class TraceQueryError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at character ${position + 1})`);
    this.name = 'TraceQueryError';
  }
}

interface Token {
  readonly kind: 'word' | 'string' | 'lparen' | 'rparen' | 'op';
  readonly text: string;
  readonly position: number;
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, min: 60e9, h: 3600e9 };

/** `250ms`, `1.5s`, `2m` → nanoseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|min|h)$/.exec(text.trim());
  if (!match) return null;
  return Math.round(Number(match[1]) * DURATION_UNITS[match[2]!]!);
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', text: c, position: i });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < query.length && query[j] !== '"') {
        if (query[j] === '\\' && j + 1 < query.length) j++;
        text += query[j];
        j++;
      }
      if (j >= query.length) throw new TraceQueryError('unterminated quoted string', i);
      tokens.push({ kind: 'string', text, position: i });
      i = j + 1;
    } else if (query.startsWith('!=', i) || query.startsWith('>=', i) || query.startsWith('<=', i)) {
      tokens.push({ kind: 'op', text: query.slice(i, i + 2), position: i });
      i += 2;
    } else if (c === '=' || c === '>' || c === '<') {
      tokens.push({ kind: 'op', text: c, position: i });
      i++;
    } else {
      let j = i;
      while (j < query.length && !/[\s()"=!<>]/.test(query[j]!)) j++;
      if (j === i) throw new TraceQueryError(`unexpected "${c}"`, i);
      tokens.push({ kind: 'word', text: query.slice(i, j), position: i });
      i = j;
    }
  }
  return tokens;
}

const FIELD_ALIASES: Record<string, TraceSearchField> = {
  service: 'service',
  operation: 'operation',
  name: 'operation',
  route: 'route',
  status: 'status',
  'http.status': 'http.status',
  'http.response.status_code': 'http.status',
  'root.service': 'root.service',
  'root.operation': 'root.operation',
  'root.route': 'root.route',
  'error.service': 'error.service',
};

/**
 * Parses the text form: terms joined by AND (or juxtaposition), OR and NOT, with parentheses.
 * Terms: `service=checkout`, `route=/order/*` (a trailing `*` is a prefix match), `status=error`,
 * `error` / `NOT error`, `duration>500ms`, `attr.db.system=redis` (any attribute, exact or prefix),
 * `attr.user.id!=42`, `attr.feature exists`, `attr.feature missing`. Values with spaces go in
 * double quotes. Throws `TraceQueryError` naming the position of the first problem.
 */
export function parseTraceQuery(query: string): TraceSearchExpr | null {
  if (query.length > TRACE_SEARCH_LIMITS.maxQueryLength) throw new TraceQueryError(`the query is longer than ${TRACE_SEARCH_LIMITS.maxQueryLength} characters`, TRACE_SEARCH_LIMITS.maxQueryLength);
  const tokens = tokenize(query);
  if (tokens.length === 0) return null;
  let at = 0;
  let terms = 0;
  const peek = () => tokens[at];
  const isKeyword = (token: Token | undefined, keyword: string) => token?.kind === 'word' && token.text.toUpperCase() === keyword;

  function parseOr(depth: number): TraceSearchExpr {
    if (depth > TRACE_SEARCH_LIMITS.maxDepth) throw new TraceQueryError(`the query nests deeper than ${TRACE_SEARCH_LIMITS.maxDepth} levels`, peek()?.position ?? query.length);
    const args = [parseAnd(depth)];
    while (isKeyword(peek(), 'OR')) {
      at++;
      args.push(parseAnd(depth));
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }
  function parseAnd(depth: number): TraceSearchExpr {
    const args = [parseUnary(depth)];
    for (;;) {
      const next = peek();
      if (!next || next.kind === 'rparen' || isKeyword(next, 'OR')) break;
      if (isKeyword(next, 'AND')) at++;
      args.push(parseUnary(depth));
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }
  function parseUnary(depth: number): TraceSearchExpr {
    const token = peek();
    if (!token) throw new TraceQueryError('the query ends where a term was expected', query.length);
    if (isKeyword(token, 'NOT')) {
      at++;
      return { op: 'not', arg: parseUnary(depth + 1) };
    }
    if (token.kind === 'lparen') {
      at++;
      const inner = parseOr(depth + 1);
      if (peek()?.kind !== 'rparen') throw new TraceQueryError('missing ")"', peek()?.position ?? query.length);
      at++;
      return inner;
    }
    return parseTerm();
  }
  function parseTerm(): TraceSearchExpr {
    const token = tokens[at++]!;
    if (token.kind !== 'word') throw new TraceQueryError(`expected a field, found "${token.text}"`, token.position);
    if (++terms > TRACE_SEARCH_LIMITS.maxTerms) throw new TraceQueryError(`the query has more than ${TRACE_SEARCH_LIMITS.maxTerms} terms`, token.position);
    const name = token.text;
    const lower = name.toLowerCase();
    if (lower === 'error' && peek()?.kind !== 'op') return { op: 'error', value: true };
    const next = peek();
    if (name.startsWith('attr.') && (isKeyword(next, 'EXISTS') || isKeyword(next, 'MISSING'))) {
      at++;
      return { op: isKeyword(next, 'EXISTS') ? 'exists' : 'missing', key: name.slice(5) };
    }
    if (next?.kind !== 'op') throw new TraceQueryError(`expected an operator (=, !=, >, <) after "${name}"`, next?.position ?? query.length);
    at++;
    const valueToken = tokens[at++];
    if (!valueToken || (valueToken.kind !== 'word' && valueToken.kind !== 'string')) throw new TraceQueryError(`expected a value after "${name}${next.text}"`, valueToken?.position ?? query.length);
    const raw = valueToken.text;

    if (lower === 'duration') {
      const ns = parseDuration(raw);
      if (ns === null) throw new TraceQueryError(`"${raw}" is not a duration (e.g. 250ms, 1.5s, 2m)`, valueToken.position);
      const cmp = ({ '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' } as const)[next.text as '>' | '>=' | '<' | '<='];
      if (!cmp) throw new TraceQueryError('duration takes >, >=, < or <=', next.position);
      return { op: 'duration', cmp, ns: ns as DurationNs };
    }
    if (next.text !== '=' && next.text !== '!=') throw new TraceQueryError(`"${name}" takes = or !=`, next.position);
    const prefix = valueToken.kind === 'word' && raw.endsWith('*') && raw.length > 1;
    const text = prefix ? raw.slice(0, -1) : raw;
    if (text.length === 0 || text.length > TRACE_SEARCH_LIMITS.maxValueLength) throw new TraceQueryError(`a value is 1 to ${TRACE_SEARCH_LIMITS.maxValueLength} characters`, valueToken.position);
    let term: TraceSearchExpr;
    if (lower === 'error') {
      if (text !== 'true' && text !== 'false') throw new TraceQueryError('error takes true or false', valueToken.position);
      term = { op: 'error', value: text === 'true' };
    } else if (name.startsWith('attr.')) {
      const key = name.slice(5);
      if (!/^[A-Za-z0-9_.\-/:@]+$/.test(key) || key.length > 128) throw new TraceQueryError(`"${key}" is not an attribute key`, token.position);
      term = { op: 'attr', key, value: text, prefix };
    } else {
      const field = FIELD_ALIASES[lower];
      if (!field) throw new TraceQueryError(`unknown field "${name}" (fields: ${Object.keys(FIELD_ALIASES).join(', ')}, duration, error, attr.<key>)`, token.position);
      term = { op: 'match', field, value: text, prefix };
    }
    return next.text === '!=' ? { op: 'not', arg: term } : term;
  }

  const expr = parseOr(0);
  if (at < tokens.length) throw new TraceQueryError(`unexpected "${tokens[at]!.text}"`, tokens[at]!.position);
  return expr;
}

export const TRACE_SEARCH_SORTS = ['newest', 'oldest', 'slowest', 'fastest'] as const;
export type TraceSearchSort = (typeof TRACE_SEARCH_SORTS)[number];

/** One page of trace search results; `nextCursor` continues it (null on the last page). */
export interface TraceSearchResponse {
  readonly traces: readonly TraceSearchHit[];
  readonly nextCursor: string | null;
}

/** A trace as search finds it: from its per-trace summary. */
export interface TraceSearchHit {
  readonly traceId: string;
  /** Root span's service and name; empty when the root has not arrived (yet). */
  readonly rootServiceName: string;
  readonly rootOperation: string;
  readonly rootRoute: string;
  readonly startEpochMs: number;
  /** Whole trace: earliest span start to latest span end. */
  readonly durationNs: DurationNs;
  readonly spanCount: number;
  readonly errorCount: number;
  readonly serviceNames: readonly string[];
}
