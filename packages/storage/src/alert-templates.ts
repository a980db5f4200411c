import type { estypes } from '@elastic/elasticsearch';

/** The alerting indices (not daily: small, long-lived). */
export const ALERT_INDICES = ['config', 'states', 'incidents', 'notifications'] as const;
export type AlertIndex = (typeof ALERT_INDICES)[number];

export function alertIndexName(prefix: string, which: AlertIndex): string {
  return `${prefix}-alert-${which}`;
}

/** One template for every alerting index: flat keywords and dates to filter on, the record itself unindexed. */
export function alertIndexTemplate(prefix: string, replicas: number): estypes.IndicesPutIndexTemplateRequest {
  return {
    name: `${prefix}-alert`,
    index_patterns: [`${prefix}-alert-*`],
    priority: 200,
    template: {
      settings: { number_of_shards: 1, number_of_replicas: replicas, refresh_interval: '1s', 'mapping.total_fields.limit': 100 },
      mappings: {
        dynamic: false,
        properties: {
          tenant_id: { type: 'keyword' },
          project_id: { type: 'keyword' },
          kind: { type: 'keyword' },
          object_id: { type: 'keyword' },
          enabled: { type: 'boolean' },
          fingerprint: { type: 'keyword' },
          rule_id: { type: 'keyword' },
          incident_id: { type: 'keyword' },
          incident_ids: { type: 'keyword' },
          channel_id: { type: 'keyword' },
          phase: { type: 'keyword' },
          status: { type: 'keyword' },
          created_ms: { type: 'date', format: 'epoch_millis' },
          updated_ms: { type: 'date', format: 'epoch_millis' },
          starts_ms: { type: 'date', format: 'epoch_millis' },
          body: { type: 'object', enabled: false },
        },
      },
    },
  };
}
