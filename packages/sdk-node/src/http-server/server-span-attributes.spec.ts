import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';

import { parseForwarded, parseHostHeader, serverSpanAttributes } from './server-span-attributes';

function request(url: string, headers: Record<string, string> = {}, method = 'GET'): IncomingMessage {
  return {
    url,
    method,
    headers: { host: 'shop.example:8080', ...headers },
    httpVersion: '1.1',
    socket: { remoteAddress: '10.0.0.9', remotePort: 51234 },
  } as unknown as IncomingMessage;
}

describe('serverSpanAttributes', () => {
  it('reads method, scheme, path, host and peer of a plain request', () => {
    expect(serverSpanAttributes(request('/api/products/7'), 'http')).toEqual({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'url.path': '/api/products/7',
      'server.address': 'shop.example',
      'server.port': 8080,
      'client.address': '10.0.0.9',
      'network.peer.address': '10.0.0.9',
      'network.peer.port': 51234,
      'network.protocol.version': '1.1',
    });
  });

  it.each([
    ['/a/./b/../c', '/a/c', undefined],
    ['/a/%2e%2e/b', '/b', undefined],
    ['/with space?q=a b', '/with%20space', 'q=a+b'],
    ['/ünïcode', '/%C3%BCn%C3%AFcode', undefined],
    ['/x?', '/x', undefined],
    ['/p?b=2&a=%20', '/p', 'b=2&a=+'],
    ['/p?X-Amz-Signature=abc&keep=1', '/p', 'X-Amz-Signature=REDACTED&keep=1'],
  ])('normalises the target %s as WHATWG URL parsing does', (target, path, query) => {
    const attributes = serverSpanAttributes(request(target), 'http');

    expect(attributes['url.path']).toBe(path);
    expect(attributes['url.query']).toBe(query);
  });

  it('takes server and client address from Forwarded first, then X-Forwarded-*', () => {
    expect(serverSpanAttributes(request('/', { forwarded: 'for="[2001:db8::1]:4711";host=public.example:8443;proto=https' }), 'http')).toMatchObject({
      'server.address': 'public.example',
      'server.port': 8443,
      'client.address': '2001:db8::1',
    });
    expect(serverSpanAttributes(request('/', { 'x-forwarded-host': 'edge.example', 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5, 10.0.0.1' }), 'http')).toMatchObject({
      'server.address': 'edge.example',
      'server.port': 443,
      'client.address': '203.0.113.5',
    });
  });

  it('normalises an unknown method and keeps the original', () => {
    expect(serverSpanAttributes(request('/', {}, 'PURGE'), 'https')).toMatchObject({ 'http.request.method': '_OTHER', 'http.request.method_original': 'PURGE', 'url.scheme': 'https' });
  });
});

describe('parseHostHeader and parseForwarded', () => {
  it('splits host and port, IPv6 included, with the default port of the scheme', () => {
    expect(parseHostHeader('example.com', 'https')).toEqual({ host: 'example.com', port: '443' });
    expect(parseHostHeader('[::1]:3000')).toEqual({ host: '[::1]', port: '3000' });
    expect(parseHostHeader('[::1]', 'http')).toEqual({ host: '[::1]', port: '80' });
  });

  it('reads Forwarded elements and gives none for a malformed header', () => {
    expect(parseForwarded('for=1.2.3.4;proto=http, for="5.6.7.8"')).toEqual([{ for: '1.2.3.4', proto: 'http' }, { for: '5.6.7.8' }]);
    expect(parseForwarded('for')).toEqual([]);
    expect(parseForwarded('for="unterminated')).toEqual([]);
  });
});
