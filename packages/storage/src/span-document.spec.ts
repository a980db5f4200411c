import { asDurationNs, asEpochNs, type SpanRecord } from '@linkscope/domain';
import { describe, expect, it } from 'vitest';
import { fromSpanDocument, spanDocumentId, toSpanDocument } from './span-document';

const span: SpanRecord = {
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  parentSpanId: null,
  name: 'GET /',
  kind: 'server',
  serviceName: 'svc',
  startEpochNs: asEpochNs('1795000000123456789'),
  durationNs: asDurationNs(1500),
  statusCode: 'ok',
  statusMessage: '',
  attributes: { 'http.route': '/', list: ['a'] },
  resourceAttributes: { 'service.name': 'svc' },
  scopeName: 'x',
  events: [],
  links: [],
};

describe('span documents', () => {
  it('keys a document by tenant, project, trace and span so retries overwrite nothing and duplicate nothing', () => {
    expect(spanDocumentId({ tenantId: 't1', projectId: 'p1' }, span)).toBe('t1:p1:5b8efff798038103d269b633813fc60c:eee19b7ec3c1b174');
    expect(spanDocumentId({ tenantId: 't2', projectId: 'p1' }, span)).not.toBe(spanDocumentId({ tenantId: 't1', projectId: 'p1' }, span));
  });

  it('stamps the tenant, keeps the nanosecond start exact and indexes scalar attributes as key=value', () => {
    const doc = toSpanDocument({ tenantId: 't1', projectId: 'p1' }, span);
    expect(doc).toMatchObject({ tenant_id: 't1', project_id: 'p1', start_ns: '1795000000123456789', '@timestamp': 1795000000123, is_root: true });
    expect(doc.attr_kv).toEqual(['http.route=/', 'service.name=svc']);
    expect(fromSpanDocument(doc)).toMatchObject({ startEpochNs: '1795000000123456789', attributes: span.attributes, parentSpanId: null });
  });
});
