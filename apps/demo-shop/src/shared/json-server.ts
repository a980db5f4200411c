import { setHttpRoute } from '@linkscope/sdk-node';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { z } from 'zod';

import { sendJson } from './http-json';
import type { JsonLogger } from './json-logger';

/** Request bodies above this size are refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/** What a handler answers. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a handler gets: path parameters, the validated body, the query and the raw request. */
export interface RequestContext<Body> {
  params: Record<string, string>;
  body: Body;
  query: URLSearchParams;
  request: IncomingMessage;
  response: ServerResponse;
}

/** One route: `pattern` is a template like `/orders/:id`; it names the server span and `http.route`. */
export interface Route<Body = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: string;
  /** Validates the JSON body; a failure is a 400 naming the field. Without it the body is ignored. */
  body?: z.ZodType<Body>;
  handle(context: RequestContext<Body>): Promise<Reply> | Reply;
}

/** A route with its body type erased, so routes of different bodies share one list. */
export type AnyRoute = Route<never>;

/** Declares a route with its body type inferred from the schema. */
export function route<Body = unknown>(definition: Route<Body>): AnyRoute {
  return definition as unknown as AnyRoute;
}

interface CompiledRoute {
  route: AnyRoute;
  regex: RegExp;
  names: string[];
}

/** Path parameters are slugs: letters, digits, `-` and `_`, at most 64. */
function compile(route: AnyRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    names.push(name);
    return '([A-Za-z0-9_-]{1,64})';
  });
  return { route, regex: new RegExp(`^${source}$`), names };
}

export interface JsonServerOptions {
  name: string;
  host: string;
  port: number;
  routes: AnyRoute[];
  logger: JsonLogger;
  /** Called when a response has finished (the gateway writes its access log here). */
  onFinish?: (request: IncomingMessage, response: ServerResponse, durationMs: number) => void;
}

/**
 * A small JSON HTTP server on `node:http` (instrumented by the SDK): routes by method and
 * template, sets the route on the server span, validates bodies with zod, answers `GET /healthz`
 * untraced, and turns a handler's exception into a 500 logged with its trace id.
 */
export async function startJsonServer(options: JsonServerOptions): Promise<Server> {
  const compiled = options.routes.map(compile);
  const server = createServer((request, response) => {
    const startedAt = performance.now();
    response.on('finish', () => {
      const durationMs = performance.now() - startedAt;
      options.onFinish?.(request, response, durationMs);
    });
    dispatch(compiled, request, response).catch((error: unknown) => {
      options.logger.error('request failed', { error, method: request.method, path: request.url });
      if (!response.headersSent) sendJson(response, 500, { error: 'internal_error' });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  options.logger.info('listening', { host: options.host, port: options.port });
  return server;
}

async function dispatch(routes: CompiledRoute[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://service');
  if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
  let pathMatched = false;
  for (const { route, regex, names } of routes) {
    const match = regex.exec(url.pathname);
    if (match === null) continue;
    pathMatched = true;
    if (route.method !== request.method) continue;
    setHttpRoute(route.pattern);
    const params = Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? '']));
    let body: unknown = undefined;
    if (route.body !== undefined) {
      const raw = await readBody(request);
      if (raw.status !== 'ok') return sendJson(response, raw.status === 'too_large' ? 413 : 400, { error: raw.status, message: raw.message });
      const parsed = route.body.safeParse(raw.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return sendJson(response, 400, { error: 'invalid_body', message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
      }
      body = parsed.data;
    }
    const reply = await route.handle({ params, body: body as never, query: url.searchParams, request, response });
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
    return sendJson(response, reply.status, reply.body);
  }
  return sendJson(response, pathMatched ? 405 : 404, { error: pathMatched ? 'method_not_allowed' : 'not_found' });
}

type BodyResult = { status: 'ok'; value: unknown } | { status: 'too_large' | 'invalid_json'; message: string };

async function readBody(request: IncomingMessage): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { status: 'too_large', message: `body over ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { status: 'ok', value: {} };
  try {
    return { status: 'ok', value: JSON.parse(text) };
  } catch {
    return { status: 'invalid_json', message: 'body is not valid JSON' };
  }
}
