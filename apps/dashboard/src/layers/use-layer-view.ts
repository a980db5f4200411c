import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type LayerView, readLayerView, resolveWindow, writeLayerView } from './layer-view.params';

const TICK_MS = 15_000;

/** The current minute (epoch ms of its start), re-rendering the caller when it changes. */
function useCurrentMinute(): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return Math.floor(nowMs / 60_000) * 60_000;
}

/**
 * The layer view held in the URL, its resolved window (moving once a minute for relative ranges)
 * and a setter that writes a new view back to the URL.
 */
export function useLayerView() {
  const [searchParams, setSearchParams] = useSearchParams();
  const view = readLayerView(searchParams);
  const minute = useCurrentMinute();
  const { range, absolute } = view;
  const fromMs = absolute?.fromMs;
  const toMs = absolute?.toMs;
  const window = useMemo(
    () => resolveWindow({ range, absolute: fromMs !== undefined && toMs !== undefined ? { fromMs, toMs } : null }, minute),
    [range, fromMs, toMs, minute],
  );
  const setView = (next: LayerView) => setSearchParams(writeLayerView(next));
  return { view, window, setView };
}
