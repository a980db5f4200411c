/** The bench's own index prefix, inside this engineer's test slot: `lstest<slot>bench`. Kept between runs. */
export function benchPrefix() {
  const slot = process.env.LINKSCOPE_TEST_SLOT ?? '4';
  if (!/^[0-9]$/.test(slot)) throw new Error(`LINKSCOPE_TEST_SLOT must be 0-9 (got "${slot}")`);
  return `lstest${slot}bench`;
}
