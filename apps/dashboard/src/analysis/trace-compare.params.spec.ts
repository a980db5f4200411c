import { describe, expect, it } from 'vitest';
import { parseTraceIdInput, readCompareWith } from './trace-compare.params';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('readCompareWith', () => {
  it('reads a trace id from ?compareWith=, lower-cased', () => {
    expect(readCompareWith(new URLSearchParams({ compareWith: ID.toUpperCase() }))).toBe(ID);
  });

  it('ignores a missing or malformed id', () => {
    expect(readCompareWith(new URLSearchParams())).toBeUndefined();
    expect(readCompareWith(new URLSearchParams({ compareWith: 'abc' }))).toBeUndefined();
    expect(readCompareWith(new URLSearchParams({ compareWith: `${ID}0` }))).toBeUndefined();
  });
});

describe('parseTraceIdInput', () => {
  it('takes a bare id with spaces around it', () => {
    expect(parseTraceIdInput(`  ${ID.toUpperCase()}\n`)).toBe(ID);
  });

  it('takes the id out of a trace link', () => {
    expect(parseTraceIdInput(`http://localhost:4200/traces/${ID}?startEpochMs=1763900000000&span=00f067aa0ba902b7`)).toBe(ID);
    expect(parseTraceIdInput(`/traces/${ID}`)).toBe(ID);
  });

  it('refuses what holds no trace id', () => {
    expect(parseTraceIdInput('')).toBeNull();
    expect(parseTraceIdInput('not a trace')).toBeNull();
    expect(parseTraceIdInput(ID.slice(1))).toBeNull();
    expect(parseTraceIdInput(`/traces/${ID}0`)).toBeNull();
  });
});
