import { describe, expect, it } from 'vitest';
import { channelInputSchema } from '@linkscope/domain';
import { SecretBox } from '../secret-box';
import { channelView, openChannel, sealChannel } from './channel-record';

const scope = { tenantId: 't1', projectId: 'p1' };
const box = new SecretBox(SecretBox.generateKey());

describe('channel records', () => {
  const input = channelInputSchema.parse({ name: 'ops', type: 'dingtalk', settings: { atMobiles: ['13800000000'] }, secrets: { accessToken: 'tok', signSecret: 'SECxyz' } });

  it('seals secrets, opens them for sending, and never shows them in the view', () => {
    const stored = sealChannel(scope, 'c1', input, box, null);
    expect(JSON.stringify(stored)).not.toContain('SECxyz');
    expect(JSON.stringify(stored)).not.toContain('"tok"');
    const view = channelView(stored);
    expect(view.secretFieldsSet).toEqual(['accessToken', 'signSecret']);
    expect(JSON.stringify(view)).not.toMatch(/SECxyz|sealed/);
    expect(openChannel(scope, stored, box)).toMatchObject({ type: 'dingtalk', secrets: { accessToken: 'tok', signSecret: 'SECxyz' }, settings: { baseUrl: 'https://oapi.dingtalk.com' } });
  });

  it('keeps the stored secrets when an edit omits them, and refuses to open them in another tenant', () => {
    const stored = sealChannel(scope, 'c1', input, box, null);
    const { secrets: _omitted, ...rest } = input;
    const edited = sealChannel(scope, 'c1', { ...rest, name: 'ops-2' }, box, stored);
    expect(edited.sealedSecrets).toBe(stored.sealedSecrets);
    expect(() => openChannel({ tenantId: 't2', projectId: 'p1' }, stored, box)).toThrow();
  });

  it('requires secrets for a new channel of a type that needs them', () => {
    const { secrets: _omitted, ...rest } = input;
    expect(() => sealChannel(scope, 'c2', rest, box, null)).toThrow(/needs its secrets/);
  });
});
