import { describe, expect, it } from 'vitest';
import { entityTracesHref, layerHref, readLayerView, resolveWindow, writeLayerView } from './layer-view.params';

describe('layer view params', () => {
  it('round-trips a view through the URL, leaving defaults out', () => {
    const params = new URLSearchParams('range=24h&compare=week&sort=p95&dir=asc&entity=a%1Fb&q=catalogue&source=log');
    const view = readLayerView(params);
    expect(view).toEqual({ range: '24h', absolute: null, compare: 'week', sort: 'p95', dir: 'asc', entity: 'a\u001fb', filter: 'catalogue', source: 'log' });
    expect(writeLayerView(view).toString()).toBe(params.toString());
    expect(writeLayerView(readLayerView(new URLSearchParams())).toString()).toBe('');
  });

  it('ignores unknown values and takes an absolute window over the range', () => {
    expect(readLayerView(new URLSearchParams('range=3y&compare=year&sort=x&source=carrier-pigeon'))).toMatchObject({ range: '1h', compare: 'none', sort: null, source: 'trace' });
    const view = readLayerView(new URLSearchParams('range=24h&from=1000&to=61000'));
    expect(resolveWindow(view, 5_000_000)).toEqual({ fromMs: 1000, toMs: 61000 });
    expect(readLayerView(new URLSearchParams('from=9&to=3')).absolute).toBeNull();
  });

  it('ends a relative window at the end of the current minute', () => {
    expect(resolveWindow({ range: '1h', absolute: null }, 7_200_000 + 15_000)).toEqual({ fromMs: 3_660_000, toMs: 7_260_000 });
    expect(resolveWindow({ range: '15m', absolute: null }, 7_200_000)).toEqual({ fromMs: 6_360_000, toMs: 7_260_000 });
  });

  it('builds links to layer pages and to the traces of an entity', () => {
    expect(layerHref('uri')).toBe('/layers/uri');
    expect(layerHref('uri', { entity: 'k', range: '6h' })).toBe('/layers/uri?range=6h&entity=k');
    expect(entityTracesHref('component', 'redis\u001fc\u001fGET', { fromMs: 1, toMs: 2 }, true)).toBe('/traces?layer=component&entity=redis%1Fc%1FGET&from=1&to=2&errors=1');
  });
});
