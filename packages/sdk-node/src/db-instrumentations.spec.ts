import { describe, expect, it } from 'vitest';

import { maskMongoCommand } from './db-instrumentations';

describe('maskMongoCommand', () => {
  it('masks every value but keeps the collection an aggregate command names', () => {
    expect(maskMongoCommand({ aggregate: 'orders', pipeline: [{ $match: { status: 'paid' } }], cursor: {} })).toBe(
      '{"aggregate":"orders","pipeline":[{"$match":{"status":"?"}}],"cursor":{}}',
    );
  });

  it('masks a field named aggregate anywhere else: in a nested object, or in a document without a pipeline', () => {
    expect(maskMongoCommand({ find: 'orders', filter: { aggregate: 'secret' } })).toBe('{"find":"?","filter":{"aggregate":"?"}}');
    expect(maskMongoCommand({ aggregate: 'secret', total: 3 })).toBe('{"aggregate":"?","total":"?"}');
  });
});
