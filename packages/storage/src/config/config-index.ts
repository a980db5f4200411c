import type { estypes } from '@elastic/elasticsearch';

/** The one index that holds every configuration object, as Kibana keeps its saved objects. */
export function configIndexName(indexPrefix: string): string {
  return `${indexPrefix}-config`;
}

/** What is stored per object. Only these fields are mapped; attributes are kept unindexed. */
export interface ConfigDocument {
  type: string;
  object_id: string;
  tenant_id: string | null;
  project_id: string | null;
  /** `attribute=value` for each declared lookup, for exact-match finds. */
  lookup: string[];
  created_at: number;
  updated_at: number;
  attributes: Record<string, unknown>;
}

export function configIndexSettings(replicas: number): { settings: estypes.IndicesIndexSettings; mappings: estypes.MappingTypeMapping } {
  return {
    settings: { number_of_shards: 1, number_of_replicas: replicas },
    mappings: {
      dynamic: 'strict',
      properties: {
        type: { type: 'keyword' },
        object_id: { type: 'keyword' },
        tenant_id: { type: 'keyword' },
        project_id: { type: 'keyword' },
        lookup: { type: 'keyword', ignore_above: 1024 },
        created_at: { type: 'date', format: 'epoch_millis' },
        updated_at: { type: 'date', format: 'epoch_millis' },
        attributes: { type: 'object', enabled: false },
      },
    },
  };
}
