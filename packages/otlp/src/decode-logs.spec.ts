import { describe, expect, it } from 'vitest';
import { decodeLogsRequest } from './decode-logs';
import { OtlpDecodeError } from './errors';
import { protoType } from './proto-root';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

describe('decodeLogsRequest', () => {
  it('decodes records with trace correlation, severity and structured bodies', () => {
    const type = protoType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
    const body = Buffer.from(
      type
        .encode(
          type.fromObject({
            resourceLogs: [
              {
                resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }] },
                scopeLogs: [
                  {
                    scope: { name: 'pino' },
                    logRecords: [
                      { timeUnixNano: '1795000000000000001', severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'card declined' }, traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.from(SPAN, 'hex') },
                      { observedTimeUnixNano: '1795000000000000002', body: { kvlistValue: { values: [{ key: 'order', value: { intValue: 7 } }] } } },
                    ],
                  },
                ],
              },
            ],
          }),
        )
        .finish(),
    );
    const decoded = decodeLogsRequest(body, 'protobuf');
    expect(decoded.records).toEqual([
      expect.objectContaining({ serviceName: 'payments', severityNumber: 17, severityText: 'ERROR', body: 'card declined', traceId: TRACE, spanId: SPAN, timeEpochNs: '1795000000000000001', scopeName: 'pino' }),
      expect.objectContaining({ body: '{"order":7}', traceId: null, spanId: null, timeEpochNs: '1795000000000000002', observedTimeEpochNs: '1795000000000000002' }),
    ]);
  });

  it('drops records without any time or with malformed ids, and refuses unreadable bodies', () => {
    const decoded = decodeLogsRequest(
      Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'x' } }, { timeUnixNano: '5', traceId: 'xyz' }, { timeUnixNano: '5', body: { stringValue: 'ok' } }] }] }] })),
      'json',
    );
    expect(decoded.records.map((r) => r.body)).toEqual(['ok']);
    expect(decoded.rejectReasons).toEqual({ invalid_time: 1, invalid_trace_id: 1 });
    expect(() => decodeLogsRequest(Buffer.from('{"resourceLogs":{}}'), 'json')).toThrow(OtlpDecodeError);
  });
});
