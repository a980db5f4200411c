import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Catalogue answers above this size are refused rather than buffered. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Outcome of one catalogue call; failures are values, the gateway maps them to statuses. */
export type CatalogueResult =
  | { status: 'ok'; body: unknown }
  | { status: 'not_found' }
  | { status: 'failed'; reason: 'timeout' | 'unreachable' | 'upstream_error' | 'bad_response'; detail: string };

/** Reads products from the catalogue service over instrumented `node:http`. */
export interface CatalogueClient {
  listProducts(): Promise<CatalogueResult>;
  getProduct(id: string): Promise<CatalogueResult>;
}

/** A client for the catalogue at `baseUrl`, reusing up to 64 keep-alive connections. */
export function createCatalogueClient(baseUrl: string, timeoutMs: number): CatalogueClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const get = (path: string): Promise<CatalogueResult> => getJson(new URL(path, `${baseUrl}/`), agent, timeoutMs);
  return {
    listProducts: () => get('products'),
    getProduct: (id) => get(`products/${encodeURIComponent(id)}`),
  };
}

function getJson(url: URL, agent: Agent, timeoutMs: number): Promise<CatalogueResult> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const outgoing = request(url, { method: 'GET', agent: url.protocol === 'https:' ? undefined : agent, timeout: timeoutMs });
    outgoing.on('timeout', () => {
      resolve({ status: 'failed', reason: 'timeout', detail: `no answer within ${timeoutMs} ms` });
      outgoing.destroy();
    });
    outgoing.on('error', (error) => resolve({ status: 'failed', reason: 'unreachable', detail: error.message }));
    outgoing.on('response', (response) => {
      readBody(response).then(
        (body) => resolve(toResult(response.statusCode ?? 0, body)),
        (error: Error) => resolve({ status: 'failed', reason: 'bad_response', detail: error.message }),
      );
    });
    outgoing.end();
  });
}

function toResult(statusCode: number, body: string): CatalogueResult {
  if (statusCode === 404) return { status: 'not_found' };
  if (statusCode !== 200) {
    return { status: 'failed', reason: 'upstream_error', detail: `catalogue answered ${statusCode}` };
  }
  try {
    return { status: 'ok', body: JSON.parse(body) as unknown };
  } catch {
    return { status: 'failed', reason: 'bad_response', detail: 'catalogue answered invalid JSON' };
  }
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        response.destroy(new Error(`catalogue answer exceeds ${MAX_RESPONSE_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}
