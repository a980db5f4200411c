/**
 * The bench's own index prefix, inside this engineer's test slot: `lstest<slot>bench`. Kept between runs.
 * `BENCH_TRACES_PREFIX` names another (for instance a data set loaded earlier under another slot).
 */
export function benchPrefix() {
  const named = process.env.BENCH_TRACES_PREFIX;
  if (named !== undefined && named !== '') {
    if (!/^lstest[0-9]?bench[a-z0-9]*$/.test(named)) throw new Error(`BENCH_TRACES_PREFIX must look like lstest<slot>bench (got "${named}")`);
    return named;
  }
  const slot = process.env.LINKSCOPE_TEST_SLOT ?? '4';
  if (!/^[0-9]$/.test(slot)) throw new Error(`LINKSCOPE_TEST_SLOT must be 0-9 (got "${slot}")`);
  return `lstest${slot}bench`;
}
