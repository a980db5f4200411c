/**
 * Colours for services, distinguishable from each other and readable on light and dark grounds.
 * Red is left out on purpose: red means error everywhere on the page.
 */
export const SERVICE_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#c9a227',
  '#ff9da7',
  '#9c755f',
  '#6f6fd8',
  '#d45dbf',
  '#8cb43c',
  '#bab0ac',
] as const;

/** 32-bit FNV-1a over UTF-16 code units: tiny, fast, and spreads similar names apart. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The colour of a service: the same name gets the same palette colour on every page and every load. */
export function serviceColour(serviceName: string): string {
  return SERVICE_PALETTE[fnv1a(serviceName) % SERVICE_PALETTE.length]!;
}
