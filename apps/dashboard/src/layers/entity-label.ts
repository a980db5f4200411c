import type { EntityDims, Layer } from '@linkscope/domain';

/** The words an entity is shown by: its main name, and the context that tells equal names apart. */
export function entityLabel(layer: Layer, dims: EntityDims): { readonly title: string; readonly context: string } {
  switch (layer) {
    case 'business':
      return { title: dims.name ?? '', context: '' };
    case 'uri':
      return { title: [dims.method, dims.route].filter(Boolean).join(' '), context: dims.service ?? '' };
    case 'interface':
      return { title: dims.operation ?? '', context: `${dims.service ?? ''} → ${dims.peer || '?'}` };
    case 'component':
      return { title: dims.operation ?? '', context: [dims.system, dims.instance].filter(Boolean).join(' · ') };
    case 'infrastructure':
      return { title: dims.host ?? '', context: dims.container ? dims.container.slice(0, 12) : '' };
  }
}
