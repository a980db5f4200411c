import { describe, expect, it } from 'vitest';
import { alertRuleInputSchema } from '@linkscope/domain';
import { EMPTY_RULE_FORM, formToRule, ruleToForm } from './rule-form';

describe('rule form', () => {
  it('turns an error-rate percentage into a ratio and back', () => {
    const result = formToRule({ ...EMPTY_RULE_FORM, name: 'Checkout errors', value: '5', channelIds: ['c-1'] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rule.condition).toEqual({ type: 'threshold', op: '>', value: 0.05 });
    const stored = { ...alertRuleInputSchema.parse(result.rule), id: 'r-1', updatedAtMs: 0 };
    expect(ruleToForm(stored)).toMatchObject({ name: 'Checkout errors', value: '5', channelIds: ['c-1'] });
  });

  it('names the fields that are wrong', () => {
    const result = formToRule({ ...EMPTY_RULE_FORM, name: '', windowSeconds: '5', metricKind: 'latency_percentile', percentile: '2' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toMatch(/name/);
    expect(result.errors.join('\n')).toMatch(/windowSeconds/);
    expect(result.errors.join('\n')).toMatch(/metric\.percentile/);
  });

  it('keeps ratio change thresholds as typed', () => {
    const result = formToRule({ ...EMPTY_RULE_FORM, name: 'x', conditionType: 'change', mode: 'ratio', value: '2' });
    expect(result.ok && result.rule.condition).toEqual({ type: 'change', baseline: 'yesterday', mode: 'ratio', op: '>', value: 2 });
  });
});
