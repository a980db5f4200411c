import type { Attributes } from '@opentelemetry/api';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** The most attributes {@link serverSpanAttributes} returns. */
export const MAX_SERVER_SPAN_ATTRIBUTES = 13;

/**
 * The attributes of an incoming request's SERVER span, with the stable HTTP semantic-convention
 * names and the same values OpenTelemetry's HTTP instrumentation (0.301) gives them:
 * `http.request.method` (normalised; `http.request.method_original` when it was not a known
 * method), `url.scheme`, `url.path`, `url.query` (when there is one, with signature-like
 * parameters redacted), `server.address`/`server.port` (from `Forwarded`, `X-Forwarded-Host` or
 * `Host`), `client.address` (from `Forwarded`, `X-Forwarded-For` or the socket),
 * `network.peer.address`/`.port`, `network.protocol.version` and `user_agent.original`.
 *
 * Runs on every request, so the usual request (a plain path, a `Host` header, no forwarding
 * headers) costs no URL parsing: a path made only of characters that WHATWG URL parsing keeps
 * as they are is used as it is; anything else goes through `new URL` as OpenTelemetry does.
 * Every value is a string or a number, none `undefined` (what `addTrustedAttributes` relies on).
 */
export function serverSpanAttributes(request: IncomingMessage, scheme: 'http' | 'https'): Attributes {
  const headers = request.headers;
  const socket = request.socket;
  const method = request.method ?? 'GET';
  const normalizedMethod = KNOWN_METHODS.has(method) ? method : normalizeMethod(method);
  const attributes: Attributes = {
    'http.request.method': normalizedMethod,
    'url.scheme': scheme,
  };
  const server = headers.forwarded !== undefined || headers['x-forwarded-host'] !== undefined ? forwardedServerAddress(headers, scheme) : hostHeaderAddress(headers.host, scheme);
  if (server !== undefined) attributes['server.address'] = server.host;
  const peerAddress = socket.remoteAddress;
  if (peerAddress !== undefined) attributes['network.peer.address'] = peerAddress;
  const peerPort = socket.remotePort;
  if (peerPort !== undefined) attributes['network.peer.port'] = peerPort;
  attributes['network.protocol.version'] = request.httpVersion;
  const userAgent = headers['user-agent'];
  if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
  setUrlAttributes(attributes, request.url ?? '/', headers.host);
  const client = headers.forwarded !== undefined || headers['x-forwarded-for'] !== undefined ? forwardedClientAddress(headers) : undefined;
  const clientAddress = client ?? peerAddress;
  if (clientAddress !== undefined && clientAddress !== '') attributes['client.address'] = clientAddress;
  if (server?.port !== undefined) attributes['server.port'] = Number(server.port);
  if (method !== normalizedMethod) attributes['http.request.method_original'] = method;
  return attributes;
}

/** The methods OpenTelemetry keeps as they are; others become `_OTHER`. */
export const KNOWN_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);

function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

/** Query parameters whose values OpenTelemetry replaces with `REDACTED` (its default list). */
export const REDACTED_QUERY_PARAMETERS: readonly string[] = ['sig', 'Signature', 'AWSAccessKeyId', 'X-Goog-Signature', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token'];

/**
 * A request target WHATWG URL parsing leaves unchanged: starts with one `/`, holds only
 * characters it does not percent-encode or reinterpret, and no `.` segment it would resolve.
 */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-_~!$&'()*+,;=:@%/.]*$/;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

function setUrlAttributes(attributes: Attributes, target: string, host: string | undefined): void {
  const query = target.indexOf('?');
  const rawPath = query === -1 ? target : target.slice(0, query);
  const hash = target.indexOf('#');
  if (hash === -1 && PLAIN_PATH.test(rawPath) && !DOT_SEGMENT.test(rawPath)) {
    attributes['url.path'] = rawPath;
    if (query !== -1 && query < target.length - 1) attributes['url.query'] = redactQuery(target.slice(query + 1));
    return;
  }
  let parsed: URL;
  try {
    parsed = new URL(target, host !== undefined && host !== '' ? `http://${host}` : 'http://localhost');
  } catch {
    return; // OpenTelemetry sets neither attribute when the target does not parse
  }
  attributes['url.path'] = parsed.pathname;
  if (parsed.search !== '') attributes['url.query'] = redactQuery(parsed.search.slice(1));
}

/** `URLSearchParams` round trip with OpenTelemetry's redaction, as its instrumentation writes `url.query`. */
function redactQuery(query: string): string {
  const params = new URLSearchParams(query);
  for (const name of REDACTED_QUERY_PARAMETERS) if (params.has(name)) params.set(name, 'REDACTED');
  return params.toString();
}

interface HostAndPort {
  host: string;
  port?: string;
}

function hostHeaderAddress(host: string | undefined, scheme: string): HostAndPort | undefined {
  return host === undefined || host === '' ? undefined : parseHostHeader(host, scheme);
}

/** OpenTelemetry's `parseHostHeader`: `host[:port]`, bracketed IPv6, the scheme's default port when none is given. */
export function parseHostHeader(hostHeader: string, scheme?: string): HostAndPort {
  const colon = hostHeader.indexOf(':');
  if (colon === -1) return defaultPort(hostHeader, scheme);
  const parts = hostHeader.split(':');
  if (parts.length === 2) return { host: parts[0]!, port: parts[1]! };
  if (parts[0]!.startsWith('[')) {
    if (parts[parts.length - 1]!.endsWith(']')) return defaultPort(hostHeader, scheme);
    if (parts[parts.length - 2]!.endsWith(']')) return { host: parts.slice(0, -1).join(':'), port: parts[parts.length - 1]! };
  }
  return { host: hostHeader };
}

function defaultPort(host: string, scheme: string | undefined): HostAndPort {
  if (scheme === 'http') return { host, port: '80' };
  if (scheme === 'https') return { host, port: '443' };
  return { host };
}

function forwardedServerAddress(headers: IncomingHttpHeaders, scheme: string): HostAndPort | undefined {
  const forwarded = headers.forwarded;
  if (forwarded !== undefined) {
    for (const entry of parseForwarded(forwarded)) if (entry['host'] !== undefined) return parseHostHeader(entry['host'], entry['proto']);
  }
  const forwardedHost = first(headers['x-forwarded-host']);
  if (forwardedHost !== undefined && forwardedHost !== '') return parseHostHeader(forwardedHost, first(headers['x-forwarded-proto']));
  return hostHeaderAddress(headers.host, scheme);
}

function forwardedClientAddress(headers: IncomingHttpHeaders): string | undefined {
  const forwarded = headers.forwarded;
  if (forwarded !== undefined) {
    for (const entry of parseForwarded(forwarded)) if (entry['for'] !== undefined) return removePort(entry['for']);
  }
  const forwardedFor = first(headers['x-forwarded-for']);
  if (forwardedFor !== undefined) return removePort(forwardedFor.split(',')[0]!.trim());
  return undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function removePort(address: string): string {
  try {
    const { hostname } = new URL(`http://${address}`);
    return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  } catch {
    return address;
  }
}

/**
 * RFC 7239 `Forwarded`: comma-separated elements of `;`-separated `name=value` pairs, values
 * optionally quoted. Names are lower-cased; a malformed header gives no elements (as
 * OpenTelemetry's parser does when `forwarded-parse` throws).
 */
export function parseForwarded(header: string): Record<string, string>[] {
  const elements: Record<string, string>[] = [];
  for (const element of header.split(',')) {
    const pairs: Record<string, string> = {};
    for (const pair of element.split(';')) {
      const trimmed = pair.trim();
      if (trimmed === '') continue;
      const equals = trimmed.indexOf('=');
      if (equals <= 0) return [];
      let value = trimmed.slice(equals + 1).trim();
      if (value.startsWith('"')) {
        if (value.length < 2 || !value.endsWith('"')) return [];
        value = value.slice(1, -1).replace(/\\(.)/g, '$1');
      }
      pairs[trimmed.slice(0, equals).trim().toLowerCase()] = value;
    }
    elements.push(pairs);
  }
  return elements;
}
