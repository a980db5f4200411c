/** What {@link parseSqlStatement} reads off a statement's text. */
export interface SqlStatementNames {
  /** The statement's operation, upper-cased: `SELECT`, `INSERT`, `CREATE`… (for `WITH …`, the main statement's). */
  readonly operation?: string;
  /** The first table the operation acts on, as written without quotes, schema prefix kept (`public.orders`). */
  readonly collection?: string;
}

/** Characters of a statement read at most: the operation and its table come first. */
export const MAX_SCANNED_SQL_CHARS = 1_000;
const MAX_NAME_CHARS = 128;

interface Token {
  /** `w`ord (a keyword or name, quotes removed), `.`, `(`, `)` or `?` (anything else). */
  readonly type: 'w' | '.' | '(' | ')' | '?';
  readonly text: string;
  /** Parenthesis depth the token is at. */
  readonly depth: number;
}

/** `A`–`Z`, `a`–`z`, `_`: a keyword or name starts here. Char codes, not a regular expression per character (ten times cheaper). */
function isWordStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** A word goes on: letters, digits, `_`, `$`. */
function isWordChar(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57) || code === 36;
}
const CLOSING_QUOTE: Readonly<Record<string, string>> = { '"': '"', '`': '`', '[': ']' };

/** Tokens of the first {@link MAX_SCANNED_SQL_CHARS} characters; comments and string literals are skipped. */
function tokenise(sql: string): Token[] {
  const text = sql.length > MAX_SCANNED_SQL_CHARS ? sql.slice(0, MAX_SCANNED_SQL_CHARS) : sql;
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  const skipTo = (end: string, from: number): number => {
    const at = text.indexOf(end, from);
    return at < 0 ? text.length : at + end.length;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r') i++;
    else if (c === '-' && text[i + 1] === '-') i = skipTo('\n', i + 2);
    else if (c === '/' && text[i + 1] === '*') i = skipTo('*/', i + 2);
    else if (c === "'") i = skipTo("'", i + 1);
    else if (c in CLOSING_QUOTE) {
      const end = text.indexOf(CLOSING_QUOTE[c]!, i + 1);
      if (end < 0) break;
      tokens.push({ type: 'w', text: text.slice(i + 1, end), depth });
      i = end + 1;
    } else if (isWordStart(text.charCodeAt(i))) {
      const start = i;
      while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
      tokens.push({ type: 'w', text: text.slice(start, i), depth });
    } else {
      if (c === ')') depth--;
      tokens.push({ type: c === '.' || c === '(' || c === ')' ? c : '?', text: c, depth });
      if (c === '(') depth++;
      i++;
    }
  }
  return tokens;
}

/** The possibly qualified name starting at `tokens[at]` (`schema.table`), or undefined when there is none. */
function nameAt(tokens: readonly Token[], at: number): string | undefined {
  if (tokens[at]?.type !== 'w') return undefined;
  let name = tokens[at].text;
  for (let i = at + 1; tokens[i]?.type === '.' && tokens[i + 1]?.type === 'w'; i += 2) name += `.${tokens[i + 1]!.text}`;
  return name === '' || name.length > MAX_NAME_CHARS ? undefined : name;
}

const is = (token: Token | undefined, ...words: string[]): boolean => token?.type === 'w' && words.includes(token.text.toUpperCase());

/** Index of the first token after `from` at `depth` that is one of `words`, or -1. */
function findWord(tokens: readonly Token[], from: number, depth: number, ...words: string[]): number {
  for (let i = from; i < tokens.length; i++) if (tokens[i]!.depth === depth && is(tokens[i], ...words)) return i;
  return -1;
}

/** Index of the first token at or after `from` that is none of `words`. */
function skipWords(tokens: readonly Token[], from: number, ...words: string[]): number {
  let i = from;
  while (is(tokens[i], ...words)) i++;
  return i;
}

const MAIN_OPERATIONS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE'];
const DDL_OPERATIONS = ['CREATE', 'DROP', 'ALTER', 'TRUNCATE'];

/** The table an operation at `tokens[at]` acts on. */
function collectionOf(tokens: readonly Token[], at: number, operation: string): string | undefined {
  const depth = tokens[at]!.depth;
  switch (operation) {
    case 'SELECT':
    case 'DELETE': {
      const from = findWord(tokens, at + 1, depth, 'FROM');
      return from < 0 ? undefined : nameAt(tokens, from + 1);
    }
    case 'INSERT':
    case 'REPLACE':
    case 'MERGE': {
      const into = findWord(tokens, at + 1, depth, 'INTO');
      return into < 0 ? undefined : nameAt(tokens, into + 1);
    }
    case 'UPDATE':
      return nameAt(tokens, skipWords(tokens, at + 1, 'LOW_PRIORITY', 'IGNORE', 'ONLY', 'OR', 'ROLLBACK', 'ABORT', 'REPLACE', 'FAIL'));
    default: {
      if (!DDL_OPERATIONS.includes(operation)) return undefined;
      // CREATE [TEMPORARY …] TABLE [IF NOT EXISTS] name; TRUNCATE [TABLE] name. Not indexes, views or schemas.
      let table = at + 1;
      while (table < at + 5 && tokens[table]?.type === 'w' && !is(tokens[table], 'TABLE')) table++;
      if (!is(tokens[table], 'TABLE')) return operation === 'TRUNCATE' ? nameAt(tokens, at + 1) : undefined;
      return nameAt(tokens, skipWords(tokens, table + 1, 'IF', 'NOT', 'EXISTS', 'ONLY'));
    }
  }
}

/**
 * The operation and first table of a SQL statement, read from its leading keywords: a cheap,
 * bounded parse (the first {@link MAX_SCANNED_SQL_CHARS} characters, comments and string literals
 * skipped, parentheses followed so a sub-query's table is not taken for the statement's), not a
 * SQL parser. A statement it does not recognise gives an operation only, or nothing.
 */
export function parseSqlStatement(sql: string): SqlStatementNames {
  if (sql.length > MAX_SCANNED_SQL_CHARS) return parseUncached(sql);
  let names = recent.get(sql);
  if (names === undefined) {
    names = parseUncached(sql);
    if (recent.size >= MAX_REMEMBERED_STATEMENTS) recent.clear();
    recent.set(sql, names);
  }
  return names;
}

/**
 * Statements parsed lately and what they gave. Instrumented code sends the same parameterised
 * statements over and over (`… WHERE id = $1`), so on the ingest path almost every span finds its
 * statement here instead of paying for a parse. Bounded: emptied when full, so statements with
 * literal values inlined (each one new) cost a parse each and no memory beyond the bound.
 */
const recent = new Map<string, SqlStatementNames>();
const MAX_REMEMBERED_STATEMENTS = 1_000;

function parseUncached(sql: string): SqlStatementNames {
  const tokens = tokenise(sql);
  let at = tokens.findIndex((token) => token.type === 'w');
  if (at < 0) return {};
  let operation = tokens[at]!.text.toUpperCase();
  if (operation === 'WITH') {
    const main = findWord(tokens, at + 1, tokens[at]!.depth, ...MAIN_OPERATIONS);
    if (main < 0) return { operation };
    at = main;
    operation = tokens[at]!.text.toUpperCase();
  }
  const collection = collectionOf(tokens, at, operation);
  return collection === undefined ? { operation } : { operation, collection };
}
