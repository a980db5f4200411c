import type { Attributes } from '@opentelemetry/api';

/** `service.peer.name` is the current name; `peer.service` is what Zipkin-era tools still read. */
const PEER_ATTRIBUTES = ['service.peer.name', 'peer.service'] as const;

/**
 * Turns `{ 'host:port' | 'host': name }` into a lookup giving the attributes for an outgoing call
 * to `host` and `port`: the `host:port` entry wins over the bare `host` entry. Returns `undefined`
 * for addresses that are not listed (most calls), so the hot path allocates nothing.
 */
export function buildPeerServiceLookup(peerServices: Readonly<Record<string, string>>): (host: string, port: string) => Attributes | undefined {
  const table = new Map<string, Attributes>();
  for (const [address, name] of Object.entries(peerServices)) {
    const trimmed = name.trim();
    if (trimmed !== '') table.set(address.trim().toLowerCase(), Object.fromEntries(PEER_ATTRIBUTES.map((key) => [key, trimmed])));
  }
  if (table.size === 0) return () => undefined;
  return (host, port) => {
    const lowered = host.toLowerCase();
    return table.get(`${lowered}:${port}`) ?? table.get(lowered);
  };
}
