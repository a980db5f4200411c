import type { AlertLayer, TenantScope } from '@linkscope/domain';
import type { WindowStats } from '../rules/condition';

/** One entity's totals over a window, with its dimensions (service, route, peer…). */
export interface EntityWindow extends WindowStats {
  readonly key: string;
  readonly dims: Readonly<Record<string, string>>;
}

/** What evaluation reads; the worker implements it over the storage package. */
export interface AlertDataSource {
  /**
   * Every entity of a layer with traffic in [fromMs, toMs) (minute starts), with summed totals;
   * `source` "log" reads the URI figures from access logs instead of traces.
   */
  entityTotals(scope: TenantScope, layer: AlertLayer, fromMs: number, toMs: number, source?: 'trace' | 'log'): Promise<readonly EntityWindow[]>;
  /** Up to `limit` trace ids of spans of `service` in the window: failed ones, or the slowest. */
  exampleTraceIds(scope: TenantScope, query: { service: string; fromMs: number; toMs: number; errorsOnly: boolean; limit: number }): Promise<readonly string[]>;
}

/** A human label for an entity key: its dimension values joined by spaces. */
export function entityLabel(key: string): string {
  return key
    .split('\u001f')
    .filter((part) => part.length > 0)
    .join(' ');
}
