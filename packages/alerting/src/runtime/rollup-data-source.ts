import type { Storage } from '@linkscope/storage';
import type { AlertDataSource } from '../evaluation/data-source';
import { MAX_ENTITIES_PER_RULE } from '../evaluation/evaluate-project';

/**
 * Evaluation reads the five-layer per-minute rollups (span-derived, or access-log-derived for URI
 * rules with source "log"; infrastructure from metrics)
 * and example traces from the span index, all through the storage package, tenant-scoped.
 */
export function rollupDataSource(storage: Storage): AlertDataSource {
  return {
    async entityTotals(scope, layer, fromMs, toMs, source) {
      const from = layer === 'infrastructure' ? 'metric' : layer === 'uri' && source === 'log' ? 'log' : 'trace';
      const result = await storage.rollups.listEntities(scope, { layer, source: from, fromMs, toMs, limit: MAX_ENTITIES_PER_RULE });
      return result.entities.map((e) => ({
        key: e.key,
        dims: Object.fromEntries(Object.entries(e.dims).filter((kv): kv is [string, string] => typeof kv[1] === 'string')),
        count: e.totals.count,
        errors: e.totals.errors,
        statusCounts: e.totals.statusCounts,
        latency: e.totals.latencyBuckets,
      }));
    },
    exampleTraceIds: (scope, query) => storage.alerts.exampleTraceIds(scope, query),
  };
}
