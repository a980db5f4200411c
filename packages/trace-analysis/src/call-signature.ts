import type { AnalysisSpan } from './analysis-span';

const MAX_SIGNATURE_LENGTH = 300;

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  return typeof value === 'number' ? String(value) : undefined;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * A SQL (or other query) text with its literals taken out, so that `where id = 7` and
 * `where id = 8` read the same: quoted strings, numbers and `$n` placeholders become `?`,
 * `in (?, ?, ?)` becomes `in (?)`, whitespace collapses, and the result is bounded in length.
 * One pass over the characters (this runs for every call of a 50,000-span trace).
 */
export function normaliseStatement(statement: string): string {
  const cached = statementCache.get(statement);
  if (cached !== undefined) return cached;
  const normalised = scanStatement(statement);
  if (statementCache.size >= STATEMENT_CACHE_SIZE) statementCache.clear();
  statementCache.set(statement, normalised);
  return normalised;
}

/** Parameterised statements repeat verbatim, so most calls of a trace hit this. Bounded; cleared when full. */
const statementCache = new Map<string, string>();
const STATEMENT_CACHE_SIZE = 20_000;

function scanStatement(statement: string): string {
  const text = statement.length > 4 * MAX_SIGNATURE_LENGTH ? statement.slice(0, 4 * MAX_SIGNATURE_LENGTH) : statement;
  const parts: string[] = [];
  const n = text.length;
  let copyFrom = 0;
  let i = 0;
  const emit = (replacement: string, next: number) => {
    if (i > copyFrom) parts.push(text.slice(copyFrom, i));
    parts.push(replacement);
    i = next;
    copyFrom = next;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 39) {
      // 'string' with '' escapes
      let j = i + 1;
      while (j < n) {
        if (text.charCodeAt(j) === 39) {
          if (text.charCodeAt(j + 1) === 39) j += 2;
          else break;
        } else j++;
      }
      emit('?', j + 1);
      continue;
    }
    const previous = i > 0 ? text.charCodeAt(i - 1) : 32;
    if (!isWordChar(previous) && (isDigit(c) || ((c === 45 || c === 43) && isDigit(text.charCodeAt(i + 1)) && previous !== 41))) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (isWordChar(d) || d === 46 || ((d === 43 || d === 45) && (text.charCodeAt(j - 1) | 32) === 101)) j++;
        else break;
      }
      emit('?', j);
      continue;
    }
    if (c === 36 && isDigit(text.charCodeAt(i + 1))) {
      let j = i + 1;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      emit('?', j);
      continue;
    }
    if (isSpace(c) && (c !== 32 || isSpace(text.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      emit(' ', j);
      continue;
    }
    i++;
  }
  if (n > copyFrom) parts.push(text.slice(copyFrom));
  let out = parts.join('');
  // Lists of placeholders, e.g. `in (?, ?, ?)`, read as one.
  if (out.includes('?,') || out.includes('? ,')) out = out.replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?)');
  return out.trim().slice(0, MAX_SIGNATURE_LENGTH);
}

const ID_SEGMENT = /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{12,}|[A-Za-z0-9_-]*\d[A-Za-z0-9_-]{7,})$/i;

/**
 * A URL or path reduced to its route shape: scheme and host dropped when `keepHost` is false,
 * query and fragment dropped, and segments that look like ids (numbers, UUIDs, long hex, long
 * tokens with digits) replaced by `{id}`. `/orders/42/items?x=1` → `/orders/{id}/items`.
 */
export function normalisePath(url: string, keepHost = false): string {
  let rest = url;
  let host = '';
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(rest);
  if (scheme) {
    host = scheme[1] ?? '';
    rest = rest.slice(scheme[0].length);
  }
  const cut = rest.search(/[?#]/);
  if (cut >= 0) rest = rest.slice(0, cut);
  const path = rest
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? '{id}' : segment))
    .join('/');
  return ((keepHost && host ? host : '') + path).slice(0, MAX_SIGNATURE_LENGTH);
}

/** True for a span that is a call to something else (database, cache, queue, another service). */
export function isDownstreamCall(span: AnalysisSpan): boolean {
  if (span.kind === 'client' || span.kind === 'producer') return true;
  if (span.kind === 'server' || span.kind === 'consumer') return false;
  const a = span.attributes;
  return a['db.system.name'] !== undefined || a['db.system'] !== undefined || a['rpc.system.name'] !== undefined || a['rpc.system'] !== undefined;
}

/**
 * What a call does, independent of its arguments: the caller's service and the target operation
 * with a normalised statement or route. Two calls with the same signature are the same call
 * (the unit N+1 and retry detection count). Examples:
 * `shop|db postgresql: select * from items where id = ?`, `shop|http GET catalogue:8080/products/{id}`.
 */
export function callSignature(span: AnalysisSpan): string {
  const a = span.attributes;
  const dbSystem = str(a['db.system.name']) ?? str(a['db.system']);
  if (dbSystem !== undefined) {
    // Database calls with a statement are most of the calls of a big trace (N+1s): remember their
    // signatures by the raw inputs, so repeats skip the string work and share one string.
    const statement = str(a['db.query.text']) ?? str(a['db.statement']);
    if (statement !== undefined) {
      let byStatement = dbSignatures.get(dbSystem);
      if (!byStatement) dbSignatures.set(dbSystem, (byStatement = new Map()));
      let byService = byStatement.get(statement);
      if (!byService) {
        if (dbSignatureCount >= STATEMENT_CACHE_SIZE) {
          dbSignatures.clear();
          dbSignatureCount = 0;
          dbSignatures.set(dbSystem, (byStatement = new Map()));
        }
        byStatement.set(statement, (byService = new Map()));
      }
      let signature = byService.get(span.serviceName);
      if (signature === undefined) {
        signature = buildSignature(span, dbSystem);
        byService.set(span.serviceName, signature);
        dbSignatureCount++;
      }
      return signature;
    }
  }
  return buildSignature(span, dbSystem);
}

/** Signatures of database calls with a statement by system, raw statement and calling service. Bounded; cleared when full. */
const dbSignatures = new Map<string, Map<string, Map<string, string>>>();
let dbSignatureCount = 0;

function buildSignature(span: AnalysisSpan, dbSystem: string | undefined): string {
  const a = span.attributes;
  let operation: string;
  if (dbSystem !== undefined) {
    const statement = str(a['db.query.text']) ?? str(a['db.statement']);
    const target =
      statement !== undefined
        ? normaliseStatement(statement)
        : [str(a['db.operation.name']) ?? str(a['db.operation']), str(a['db.collection.name'])].filter(Boolean).join(' ') || span.name;
    operation = `db ${dbSystem}: ${target}`;
  } else {
    const method = str(a['http.request.method']) ?? str(a['http.method']);
    if (method !== undefined) {
      const peer = str(a['service.peer.name']) ?? str(a['peer.service']) ?? str(a['server.address']) ?? str(a['net.peer.name']) ?? '';
      const port = str(a['server.port']) ?? '';
      const route = str(a['url.template']) ?? str(a['http.route']);
      const url = str(a['url.full']) ?? str(a['http.url']) ?? str(a['url.path']) ?? str(a['http.target']);
      const path = route ?? normalisePath(url ?? span.name);
      operation = `http ${method} ${peer}${port && peer ? `:${port}` : ''}${path}`;
    } else {
      const rpc = str(a['rpc.system.name']) ?? str(a['rpc.system']);
      const messaging = str(a['messaging.system']);
      if (rpc !== undefined) operation = `rpc ${rpc}: ${str(a['rpc.service']) ?? ''}/${str(a['rpc.method']) ?? span.name}`;
      else if (messaging !== undefined) operation = `messaging ${messaging}: ${str(a['messaging.destination.name']) ?? str(a['messaging.destination']) ?? span.name}`;
      else operation = normalisePath(span.name);
    }
  }
  const signature = `${span.serviceName}|${operation}`;
  return signature.length > MAX_SIGNATURE_LENGTH ? signature.slice(0, MAX_SIGNATURE_LENGTH) : signature;
}

/** The operation half of a signature (after the caller's service), for display. */
export function signatureOperation(signature: string): string {
  const bar = signature.indexOf('|');
  return bar < 0 ? signature : signature.slice(bar + 1);
}

/** True when a call failed: error status, an HTTP 5xx or 429, or an RPC status other than OK. */
export function callFailed(span: AnalysisSpan): boolean {
  if (span.statusCode === 'error') return true;
  const status = Number(span.attributes['http.response.status_code'] ?? span.attributes['http.status_code']);
  return status >= 500 || status === 429;
}

/** The `http.request.resend_count` semantic convention: > 0 marks an explicit retry. */
export function resendCount(span: AnalysisSpan): number {
  const value = Number(span.attributes['http.request.resend_count']);
  return Number.isFinite(value) ? value : 0;
}
