import type { Layer } from '@linkscope/domain';
import { Suspense, lazy } from 'react';
import { useSearchParams } from 'react-router';
import { TraceListPage } from '../trace-list/trace-list.page';
import { LoadingState } from '../ui/status-message';
import { isLayer } from './layer-view.params';

export interface EntityTraceFilter {
  readonly layer: Exclude<Layer, 'infrastructure'>;
  readonly entity: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly errorsOnly: boolean;
  /** `slowest` first by the entity's own span (`?order=slowest`), else newest first. */
  readonly order: 'newest' | 'slowest';
}

/** `/traces?layer=<layer>&entity=<key>&from=<ms>&to=<ms>[&errors=1][&order=slowest]`: the trace list narrowed to one layer entity. */
export function readEntityTraceFilter(params: URLSearchParams): EntityTraceFilter | null {
  const layer = params.get('layer') ?? undefined;
  const entity = params.get('entity');
  const fromMs = Number(params.get('from'));
  const toMs = Number(params.get('to'));
  if (!isLayer(layer) || layer === 'infrastructure' || !entity || !Number.isInteger(fromMs) || !Number.isInteger(toMs) || toMs <= fromMs) return null;
  return { layer, entity, fromMs, toMs, errorsOnly: params.get('errors') === '1', order: params.get('order') === 'slowest' ? 'slowest' : 'newest' };
}

const EntityTracesPage = lazy(() => import('./entity-traces.page').then((m) => ({ default: m.EntityTracesPage })));

/** The `/traces` route: the entity-filtered list when the URL names an entity, the plain list otherwise. */
export function TracesRoute() {
  const [searchParams] = useSearchParams();
  const filter = readEntityTraceFilter(searchParams);
  if (!filter) return <TraceListPage />;
  return (
    <Suspense fallback={<LoadingState />}>
      <EntityTracesPage filter={filter} />
    </Suspense>
  );
}
