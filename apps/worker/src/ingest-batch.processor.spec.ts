import { type SpanRecord, asDurationNs, asEpochNs } from '@linkscope/domain';
import type { IngestJob } from '@linkscope/queue';
import type { BulkWriteOutcome, Storage } from '@linkscope/storage';
import { describe, expect, it } from 'vitest';
import { processIngestBatch } from './ingest-batch.processor';

const span = (spanId: string): SpanRecord => ({
  traceId: 'a'.repeat(32),
  spanId,
  parentSpanId: null,
  name: 'GET /x',
  kind: 'server',
  serviceName: 'svc',
  startEpochNs: asEpochNs('1700000000000000000'),
  durationNs: asDurationNs(1_000_000),
  statusCode: 'unset',
  statusMessage: '',
  attributes: { 'http.request.method': 'GET', 'http.route': '/x' },
  resourceAttributes: {},
  scopeName: '',
  events: [],
  links: [],
});
const job: IngestJob = { signal: 'spans', batchId: 'b1', scope: { tenantId: 't', projectId: 'p' }, receivedAtMs: 0, spans: [span('1'.repeat(16)), span('2'.repeat(16))] };

type Repos = Pick<Storage, 'spans' | 'metrics' | 'logs' | 'accessLogs' | 'rollups' | 'traceSummaries'>;

function repository(outcome: Partial<BulkWriteOutcome> | Error, calls: string[] = [], rollupOutcome: Partial<BulkWriteOutcome> = {}, summaryFailure?: Error): Repos {
  const writer = (signal: string) => ({
    bulkCreate: async (): Promise<BulkWriteOutcome> => {
      calls.push(signal);
      if (outcome instanceof Error) throw outcome;
      return { stored: 0, duplicates: 0, retryable: 0, rejected: 0, rejectReasons: [], ...outcome };
    },
  });
  const rollups = {
    bulkCreate: async (): Promise<BulkWriteOutcome> => {
      calls.push('rollups');
      return { stored: 0, duplicates: 0, retryable: 0, rejected: 0, rejectReasons: [], ...rollupOutcome };
    },
  };
  const traceSummaries = {
    prepareMerge: () => ({
      write: async () => {
        calls.push('summaries');
        if (summaryFailure) throw summaryFailure;
        return { merged: 1 };
      },
    }),
  };
  return { spans: writer('spans'), metrics: writer('metrics'), logs: writer('logs'), accessLogs: writer('accesslogs'), rollups, traceSummaries } as unknown as Repos;
}

describe('processIngestBatch', () => {
  it('writes each signal to its own repository', async () => {
    const calls: string[] = [];
    const storage = repository({ stored: 1 }, calls);
    await processIngestBatch(storage, job);
    await processIngestBatch(storage, { ...job, signal: 'metrics', points: [] } as IngestJob);
    await processIngestBatch(storage, { ...job, signal: 'logs', records: [] } as IngestJob);
    await processIngestBatch(storage, { ...job, signal: 'accesslogs', batch: { batchId: 'a/b/0/0', entries: [], samples: [], unparsed: { count: 0, samples: [] } } } as unknown as IngestJob);
    // Access-log batches also become URI rollups (source "log").
    expect(calls).toEqual(['spans', 'rollups', 'summaries', 'metrics', 'rollups', 'logs', 'accesslogs', 'rollups']);
  });

  it('merges trace summaries only once the spans are stored, and retries the batch when that merge fails', async () => {
    const calls: string[] = [];
    expect(await processIngestBatch(repository({ stored: 1, retryable: 1 }, calls), job)).toMatchObject({ status: 'retryable' });
    expect(calls).toEqual(['spans', 'rollups']);
    expect(await processIngestBatch(repository({ stored: 2 }, [], {}, new Error('version conflict')), job)).toMatchObject({
      status: 'retryable',
      reason: expect.stringContaining('trace summaries not merged'),
    });
  });

  it('reads the trace summaries while the spans are written, but writes them only once the spans are stored', async () => {
    const events: string[] = [];
    let storeSpans: (outcome: BulkWriteOutcome) => void = () => undefined;
    const storage = {
      ...repository({ stored: 2 }),
      spans: {
        bulkCreate: () => {
          events.push('spans sent');
          return new Promise<BulkWriteOutcome>((resolve) => (storeSpans = resolve));
        },
      },
      traceSummaries: {
        prepareMerge: () => {
          events.push('summaries read');
          return {
            write: async () => {
              events.push('summaries written');
              return { merged: 1 };
            },
          };
        },
      },
    } as unknown as Repos;
    const processing = processIngestBatch(storage, job);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(['summaries read', 'spans sent']);
    storeSpans({ stored: 2, duplicates: 0, retryable: 0, rejected: 0, rejectReasons: [] });
    expect(await processing).toEqual({ status: 'ok', stored: 2, duplicates: 0 });
    expect(events).toEqual(['summaries read', 'spans sent', 'summaries written']);
  });

  it('retries the batch when its rollups could not all be written', async () => {
    expect(await processIngestBatch(repository({ stored: 2 }, [], { stored: 1, retryable: 1 }), job)).toMatchObject({ status: 'retryable' });
  });

  it('completes when every span is stored or already there', async () => {
    expect(await processIngestBatch(repository({ stored: 1, duplicates: 1 }), job)).toEqual({ status: 'ok', stored: 1, duplicates: 1 });
  });

  it('retries when Elasticsearch cannot be reached', async () => {
    expect(await processIngestBatch(repository(new Error('connect ECONNREFUSED')), job)).toMatchObject({ status: 'retryable' });
  });

  it('retries the batch when any item was refused for a transient reason', async () => {
    expect(await processIngestBatch(repository({ stored: 1, retryable: 1 }), job)).toMatchObject({ status: 'retryable' });
  });

  it('fails the batch for good only when every span was refused as invalid', async () => {
    expect(await processIngestBatch(repository({ rejected: 2, rejectReasons: ['400 mapper_parsing_exception'] }), job)).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining('mapper_parsing_exception'),
    });
    expect(await processIngestBatch(repository({ rejected: 1, stored: 1 }), job)).toMatchObject({ status: 'ok' });
  });
});
