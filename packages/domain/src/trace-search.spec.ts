import { describe, expect, it } from 'vitest';
import { TraceQueryError, parseDuration, parseTraceQuery, traceSearchExprSchema } from './trace-search';

describe('parseTraceQuery', () => {
  it('reads terms joined by AND, OR and NOT with the usual precedence', () => {
    expect(parseTraceQuery('service=checkout route=/order/* OR NOT error')).toEqual({
      op: 'or',
      args: [
        { op: 'and', args: [{ op: 'match', field: 'service', value: 'checkout', prefix: false }, { op: 'match', field: 'route', value: '/order/', prefix: true }] },
        { op: 'not', arg: { op: 'error', value: true } },
      ],
    });
  });

  it('reads attributes (exact, prefix, !=, exists, missing), quoted values and durations', () => {
    expect(parseTraceQuery('attr.db.system=redis AND attr.user.id!="a b" AND (attr.feature exists OR attr.flag missing) AND duration>=1.5s AND duration<2m')).toEqual({
      op: 'and',
      args: [
        { op: 'attr', key: 'db.system', value: 'redis', prefix: false },
        { op: 'not', arg: { op: 'attr', key: 'user.id', value: 'a b', prefix: false } },
        { op: 'or', args: [{ op: 'exists', key: 'feature' }, { op: 'missing', key: 'flag' }] },
        { op: 'duration', cmp: 'gte', ns: 1_500_000_000 },
        { op: 'duration', cmp: 'lt', ns: 120_000_000_000 },
      ],
    });
  });

  it('treats an empty query as no filter', () => {
    expect(parseTraceQuery('   ')).toBeNull();
  });

  it.each([
    ['service=', 'expected a value after "service="'],
    ['colour=red', 'unknown field "colour"'],
    ['(service=a', 'missing ")"'],
    ['service=a)', 'unexpected ")"'],
    ['duration>fast', '"fast" is not a duration'],
    ['route>3', '"route" takes = or !='],
    ['service="open', 'unterminated quoted string'],
    ['attr.bad key=1', 'expected an operator'],
  ])('rejects %j with a message naming the problem', (query, message) => {
    expect(() => parseTraceQuery(query)).toThrow(TraceQueryError);
    expect(() => parseTraceQuery(query)).toThrow(message);
  });

  it('bounds the number of terms and the nesting depth', () => {
    expect(() => parseTraceQuery(Array.from({ length: 65 }, (_, i) => `service=s${i}`).join(' OR '))).toThrow('more than 64 terms');
    expect(() => parseTraceQuery(`${'('.repeat(10)}error${')'.repeat(10)}`)).toThrow('deeper than 8');
  });

  it('produces expressions the schema accepts', () => {
    const expr = parseTraceQuery('service=a AND NOT (attr.x=1* OR duration>5ms)');
    expect(traceSearchExprSchema.parse(expr)).toEqual(expr);
  });
});

describe('parseDuration', () => {
  it('reads units', () => {
    expect([parseDuration('250ms'), parseDuration('2s'), parseDuration('10us'), parseDuration('1h'), parseDuration('5')]).toEqual([250e6, 2e9, 10e3, 3600e9, null]);
  });
});
