import type { estypes } from '@elastic/elasticsearch';
import type { TraceSearchExpr, TraceSearchField, TraceSearchSort } from '@linkscope/domain';

type Query = estypes.QueryDslQueryContainer;

const FIELD: Record<TraceSearchField, string> = {
  service: 'services',
  operation: 'operations',
  route: 'routes',
  status: 'has_error',
  'http.status': 'http_statuses',
  'root.service': 'root_service',
  'root.operation': 'root_name',
  'root.route': 'root_route',
  'error.service': 'error_services',
};

function termOrPrefix(field: string, value: string, prefix: boolean): Query {
  return prefix ? { prefix: { [field]: { value } } } : { term: { [field]: value } };
}

/**
 * The Elasticsearch query for a search expression over per-trace summary documents. Only term,
 * prefix, range, exists and bool queries: cheap on keyword and long fields, no scripts, no
 * aggregation. Attribute values are `key=value` keywords, so an exact match is a term and a
 * prefix match a prefix query on `key=value…`; existence is a term on `attr_keys`.
 */
export function searchExprToQuery(expr: TraceSearchExpr): Query {
  switch (expr.op) {
    case 'and':
      return { bool: { filter: expr.args.map(searchExprToQuery) } };
    case 'or':
      return { bool: { should: expr.args.map(searchExprToQuery), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must_not: [searchExprToQuery(expr.arg)] } };
    case 'match':
      if (expr.field === 'status') {
        const value = expr.value.toLowerCase();
        // Trace status: error when any span failed; ok otherwise (unset spans count as ok).
        return value === 'error' ? { term: { has_error: true } } : { term: { has_error: false } };
      }
      return termOrPrefix(FIELD[expr.field], expr.value, expr.prefix);
    case 'attr':
      return termOrPrefix('attr_kv', `${expr.key}=${expr.value}`, expr.prefix);
    case 'exists':
      return { term: { attr_keys: expr.key } };
    case 'missing':
      return { bool: { must_not: [{ term: { attr_keys: expr.key } }] } };
    case 'error':
      return { term: { has_error: expr.value } };
    case 'duration':
      return { range: { duration_ns: { [expr.cmp]: expr.ns } } };
  }
}

/** Sort clauses; `_shard_doc` (implicit with a point in time) breaks ties so pages never overlap. */
export function searchSort(sort: TraceSearchSort): estypes.Sort {
  switch (sort) {
    case 'newest':
      return [{ '@timestamp': { order: 'desc' } }, { _shard_doc: { order: 'desc' } }];
    case 'oldest':
      return [{ '@timestamp': { order: 'asc' } }, { _shard_doc: { order: 'asc' } }];
    case 'slowest':
      return [{ duration_ns: { order: 'desc' } }, { _shard_doc: { order: 'desc' } }];
    case 'fastest':
      return [{ duration_ns: { order: 'asc' } }, { _shard_doc: { order: 'asc' } }];
  }
}
