import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelSecretSchemas, channelSettingsSchemas, type ChannelType } from '@linkscope/domain';
import { ChannelReceivers } from '../testing/channel-receivers';
import { sampleMessage, sampleNotice } from '../testing/sample-message';
import { buildChannelRequest, type ResolvedChannel, sendToChannel } from './channel-sender';

/** Every sender against a local receiver that checks requests as the real service does. */
let now = Date.UTC(2026, 10, 23, 10, 1, 0);
const receivers = new ChannelReceivers(
  {
    wecomKeys: ['wecom-key-1'],
    dingtalk: { 'ding-token': 'SECb1f2e3d4c5a6978812345678', 'ding-plain': null },
    feishu: { 'feishu-hook': 'feishu-secret-xyz', 'feishu-plain': null },
    slackPaths: ['/services/T000/B000/XXXX'],
    webhooks: { ops: 'webhook-secret-0123456789', plain: null },
    aliyun: { LTAIexample: 'aliyun-secret' },
    tencent: { AKIDexample: 'tencent-secret' },
    smsPerNumberPerMinute: 2,
  },
  () => now,
);
let base = '';

beforeAll(async () => {
  base = await receivers.start();
});
afterAll(() => receivers.stop());
beforeEach(() => {
  now += 10 * 60_000; // each test in a fresh rate-limit window
  receivers.received.length = 0;
  receivers.refused.length = 0;
});

function channel<T extends ChannelType>(type: T, settings: Record<string, unknown>, secrets: Record<string, unknown>, language: 'en' | 'zh-CN' = 'en'): ResolvedChannel {
  return { id: `c-${type}`, name: type, type, language, settings: channelSettingsSchemas[type].parse(settings), secrets: channelSecretSchemas[type].parse(secrets) } as ResolvedChannel;
}

const channels = (): Record<ChannelType, ResolvedChannel> => ({
  wecom: channel('wecom', { baseUrl: base, mentionUserIds: ['zhangsan'] }, { key: 'wecom-key-1' }),
  dingtalk: channel('dingtalk', { baseUrl: base, atMobiles: ['13800000000'] }, { accessToken: 'ding-token', signSecret: 'SECb1f2e3d4c5a6978812345678' }),
  feishu: channel('feishu', { baseUrl: base, mentionOpenIds: ['ou_123'] }, { hookToken: 'feishu-hook', signSecret: 'feishu-secret-xyz' }, 'zh-CN'),
  slack: channel('slack', { mentionUserIds: ['U024BE7LH'] }, { webhookUrl: `${base}/services/T000/B000/XXXX` }),
  webhook: channel('webhook', { url: `${base}/hook/ops` }, { hmacSecret: 'webhook-secret-0123456789' }),
  sms_aliyun: channel('sms_aliyun', { endpoint: base, accessKeyId: 'LTAIexample', signName: 'Linkscope', templateCode: 'SMS_123456', phoneNumbers: ['13800000000'] }, { accessKeySecret: 'aliyun-secret' }),
  sms_tencent: channel('sms_tencent', { endpoint: base, secretId: 'AKIDexample', smsSdkAppId: '1400000000', templateId: '449739', signName: 'Linkscope', phoneNumbers: ['+8613800000000'] }, { secretKey: 'tencent-secret' }),
});

const send = (c: ResolvedChannel, message = sampleMessage(), id = 'n-test') => sendToChannel(c, message, id, undefined, now);

describe('every channel reaches a receiver that checks it as the real service does', () => {
  it.each(['wecom', 'dingtalk', 'feishu', 'slack', 'webhook', 'sms_aliyun', 'sms_tencent'] as const)('%s: accepted, naming entity and suspect', async (type) => {
    const outcome = await send(channels()[type]);
    expect(receivers.refused).toEqual([]);
    expect(outcome.status).toBe('sent');
    const [got] = receivers.of(type);
    const text = JSON.stringify(got?.body);
    if (type.startsWith('sms')) {
      expect(text).toContain('gateway GET /api/checkout'.slice(0, 34));
      expect(text).toContain('gateway → payments POST /ch'); // suspect, cut to the SMS variable limit
    } else {
      expect(text).toContain('gateway GET /api/checkout');
      expect(text).toContain('gateway → payments POST /charge');
      expect(text).toContain('4bf92f3577b34da6a3ce929d0e0e4736'); // example trace linked
    }
  });

  it('wecom: markdown with <@userid> mentions, within 4096 bytes even for 60 alerts', async () => {
    const many = Array.from({ length: 60 }, (_, i) => sampleNotice({ entity: `gateway GET /api/item/${i} 订单`, fingerprint: `f${i}` }));
    expect((await send(channels().wecom, sampleMessage(many))).status).toBe('sent');
    const body = receivers.of('wecom')[0]?.body as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('<@zhangsan>');
    expect(Buffer.byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
    expect(body.markdown.content).toMatch(/and \d+ more alerts/);
  });

  it('wecom: the 21st message in a minute gets errcode 45009 and is retried after the minute', async () => {
    const c = channels().wecom;
    for (let i = 0; i < 20; i++) expect((await send(c)).status).toBe('sent');
    const outcome = await send(c);
    expect(outcome).toMatchObject({ status: 'retryable', throttled: true, afterMs: 60_000 });
    expect(receivers.refused.at(-1)?.reason).toContain('45009');
  });

  it('wecom: an unknown key is refused for good', async () => {
    const c = channel('wecom', { baseUrl: base }, { key: 'nope' });
    expect(await send(c)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('93000') });
  });

  it('dingtalk: signed URL with timestamp and URL-encoded sign; at.atMobiles with @mobile in the text', async () => {
    const request = buildChannelRequest(channels().dingtalk, sampleMessage(), 'n', now);
    expect(request.url).toMatch(/\/robot\/send\?access_token=ding-token&timestamp=\d{13}&sign=[A-Za-z0-9%]+$/);
    expect(request.url).not.toMatch(/sign=.*[+/=]/); // Base64 specials must be percent-encoded
    expect((await send(channels().dingtalk)).status).toBe('sent');
    const body = receivers.of('dingtalk')[0]?.body as { msgtype: string; markdown: { title: string; text: string }; at: { atMobiles: string[] } };
    expect(body.msgtype).toBe('markdown');
    expect(body.at.atMobiles).toEqual(['13800000000']);
    expect(body.markdown.text).toContain('@13800000000');
  });

  it('dingtalk: a wrong secret or a timestamp over an hour old is refused with 310000', async () => {
    const wrong = channel('dingtalk', { baseUrl: base }, { accessToken: 'ding-token', signSecret: 'SECwrong' });
    expect(await send(wrong)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('310000') });
    const stale = await sendToChannel(channels().dingtalk, sampleMessage(), 'n', undefined, now - 3_600_001);
    expect(stale).toMatchObject({ status: 'rejected', reason: expect.stringContaining('310000') });
  });

  it('dingtalk: over 20 a minute answers 130101 and waits out the 10-minute penalty', async () => {
    const c = channels().dingtalk;
    for (let i = 0; i < 20; i++) expect((await send(c)).status).toBe('sent');
    expect(await send(c)).toMatchObject({ status: 'retryable', throttled: true, afterMs: 600_000 });
  });

  it('feishu: timestamp and sign in the body, a post with zh_cn content and at tags', async () => {
    expect((await send(channels().feishu)).status).toBe('sent');
    const body = receivers.of('feishu')[0]?.body as { timestamp: string; sign: string; msg_type: string; content: { post: { zh_cn: { title: string; content: { tag: string }[][] } } } };
    expect(body.timestamp).toBe(String(Math.floor(now / 1000)));
    expect(body.msg_type).toBe('post');
    expect(body.content.post.zh_cn.title).toContain('告警');
    expect(body.content.post.zh_cn.content.flat().some((e) => e.tag === 'at')).toBe(true);
  });

  it('feishu: a wrong secret gets 19021; 6 in one second gets 11232', async () => {
    const wrong = channel('feishu', { baseUrl: base }, { hookToken: 'feishu-hook', signSecret: 'other' });
    expect(await send(wrong)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('19021') });
    const c = channels().feishu;
    for (let i = 0; i < 5; i++) expect((await send(c)).status).toBe('sent');
    expect(await send(c)).toMatchObject({ status: 'retryable', throttled: true });
  });

  it('feishu: 50 alerts stay under the 20 KB body limit', async () => {
    const many = Array.from({ length: 50 }, (_, i) => sampleNotice({ entity: `gateway GET /api/long/${'x'.repeat(200)}/${i}` }));
    const request = buildChannelRequest(channels().feishu, sampleMessage(many), 'n', now);
    expect(Buffer.byteLength(request.body ?? '')).toBeLessThanOrEqual(20 * 1024);
    expect((await send(channels().feishu, sampleMessage(many))).status).toBe('sent');
  });

  it('slack: text plus a mrkdwn section with <url|text> links; 429 with Retry-After is honoured', async () => {
    const c = channels().slack;
    expect((await send(c)).status).toBe('sent');
    const body = receivers.of('slack')[0]?.body as { text: string; blocks: { type: string; text: { type: string; text: string } }[] };
    expect(body.text).toContain('FIRING');
    expect(body.blocks[0]?.text.type).toBe('mrkdwn');
    expect(body.blocks[0]?.text.text).toMatch(/<https:\/\/linkscope\.example\/layers\/uri\?[^|>]+\|Dashboard>/);
    expect(body.blocks[0]?.text.text).toContain('<@U024BE7LH>');
    await send(c);
    await send(c);
    expect(await send(c)).toMatchObject({ status: 'retryable', throttled: true, afterMs: 1000 });
  });

  it('webhook: an Alertmanager v4 payload, HMAC-signed; a tampered body is refused', async () => {
    expect((await send(channels().webhook, sampleMessage(), 'n-abc')).status).toBe('sent');
    const got = receivers.of('webhook')[0];
    const body = got?.body as { version: string; status: string; groupKey: string; alerts: { labels: Record<string, string>; annotations: Record<string, string>; endsAt: string; fingerprint: string }[] };
    expect(body).toMatchObject({ version: '4', status: 'firing', groupKey: 'n-sample' });
    expect(body.alerts[0]?.labels).toMatchObject({ alertname: 'Checkout error rate', severity: 'critical', layer: 'uri', entity: 'gateway GET /api/checkout', team: 'shop' });
    expect(body.alerts[0]?.annotations['suspect_entity']).toBe('gateway → payments POST /charge');
    expect(body.alerts[0]?.endsAt).toBe('0001-01-01T00:00:00Z');
    expect(got?.headers['idempotency-key']).toBe('n-abc');
    const tampering = async (request: Parameters<NonNullable<Parameters<typeof sendToChannel>[3]>>[0]) => {
      const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: (request.body ?? '').replace('critical', 'info') });
      return { status: response.status, headers: {}, body: await response.text() };
    };
    expect(await sendToChannel(channels().webhook, sampleMessage(), 'n', tampering, now)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('401') });
  });

  it('webhook: a 503 is retryable', async () => {
    receivers.failNextWebhooks = 1;
    expect(await send(channels().webhook)).toMatchObject({ status: 'retryable' });
    expect((await send(channels().webhook)).status).toBe('sent');
  });

  it('aliyun: SendSms signed with RPC V1, TemplateParam a JSON string of string values; flow control answers isv.BUSINESS_LIMIT_CONTROL', async () => {
    const c = channels().sms_aliyun;
    expect((await send(c)).status).toBe('sent');
    const got = receivers.of('sms_aliyun')[0];
    expect(got?.query).toMatchObject({ Action: 'SendSms', Version: '2017-05-25', SignName: 'Linkscope', TemplateCode: 'SMS_123456', PhoneNumbers: '13800000000', OutId: 'n-test' });
    expect(got?.body).toMatchObject({ TemplateParam: { status: 'FIRING', entity: 'gateway GET /api/checkout' } });
    expect((await send(c)).status).toBe('sent');
    expect(await send(c)).toMatchObject({ status: 'retryable', throttled: true, reason: expect.stringContaining('isv.BUSINESS_LIMIT_CONTROL') });
  });

  it('aliyun: a wrong secret gets SignatureDoesNotMatch, for good', async () => {
    const wrong = channel('sms_aliyun', { endpoint: base, accessKeyId: 'LTAIexample', signName: 'S', templateCode: 'SMS_1', phoneNumbers: ['13800000001'] }, { accessKeySecret: 'bad' });
    expect(await send(wrong)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('SignatureDoesNotMatch') });
  });

  it('tencent: TC3-HMAC-SHA256 over content-type and host; TemplateParamSet in order; per-number limit is retryable', async () => {
    const c = channels().sms_tencent;
    const request = buildChannelRequest(c, sampleMessage(), 'n', now);
    expect(request.headers['authorization']).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDexample\/\d{4}-\d\d-\d\d\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/);
    expect((await send(c)).status).toBe('sent');
    const body = receivers.of('sms_tencent')[0]?.body as { TemplateParamSet: string[]; PhoneNumberSet: string[] };
    expect(body.PhoneNumberSet).toEqual(['+8613800000000']);
    expect(body.TemplateParamSet[0]).toBe('FIRING');
    expect(body.TemplateParamSet[1]).toBe('Checkout error rate');
    await send(c);
    expect(await send(c)).toMatchObject({ status: 'retryable', throttled: true });
  });

  it('tencent: a wrong key gets AuthFailure.SignatureFailure; a timestamp 6 minutes off gets SignatureExpire', async () => {
    const s = { endpoint: base, secretId: 'AKIDexample', smsSdkAppId: '1400000000', templateId: '1', signName: 'S', phoneNumbers: ['+8613800000009'] };
    expect(await send(channel('sms_tencent', s, { secretKey: 'bad' }))).toMatchObject({ status: 'rejected', reason: expect.stringContaining('AuthFailure.SignatureFailure') });
    const stale = await sendToChannel(channel('sms_tencent', s, { secretKey: 'tencent-secret' }), sampleMessage(), 'n', undefined, now - 6 * 60_000);
    expect(stale).toMatchObject({ status: 'rejected', reason: expect.stringContaining('SignatureExpire') });
  });

  it('a receiver that is down makes the send retryable, not lost', async () => {
    const c = channel('webhook', { url: 'http://127.0.0.1:1/hook/ops' }, {});
    expect(await send(c)).toMatchObject({ status: 'retryable', throttled: false });
  });
});
