import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ChannelReceivers, deliverNotification, type NotificationBody, sampleMessage, sealChannel, SecretBox, type StoredChannel } from '@linkscope/alerting';
import { channelInputSchema } from '@linkscope/domain';
import { NotifyConsumer, type NotifyJob, NotifyProducer } from '@linkscope/queue';
import { Storage } from '@linkscope/storage';
import { eventually, testStorageConfig } from './test-stack';

/**
 * The notify queue on the real Redis and Elasticsearch: deterministic ids, retries with backoff,
 * per-channel rate limits, and no duplicate message however often a notification is enqueued.
 * Runs its own BullMQ prefix and index prefix beside the test stack.
 */
const stack = inject('stack');
const scope = { tenantId: 'notify-t', projectId: `p-${randomUUID().slice(0, 8)}` };
const prefix = `bull-notify-${randomUUID().slice(0, 8)}`;
const storage = new Storage(testStorageConfig(stack, `${stack.env['ES_INDEX_PREFIX'] ?? 'lstest'}notify`));
const box = new SecretBox(SecretBox.generateKey());
const receivers = new ChannelReceivers({ webhooks: { ops: 'webhook-secret-0123456789' }, wecomKeys: ['robot-1'] });
let producer: NotifyProducer;
let consumer: NotifyConsumer;

async function addChannel(id: string, input: unknown): Promise<StoredChannel> {
  const stored = sealChannel(scope, id, channelInputSchema.parse(input), box, null);
  await storage.alerts.putConfig(scope, 'channel', id, stored);
  return stored;
}

async function addNotification(channelId: string, perMinute: number, entity = 'gateway GET /api/checkout'): Promise<NotifyJob> {
  const notificationId = `n-${randomUUID()}`;
  const message = sampleMessage();
  const body: NotificationBody = { notificationId, channelId, channelType: null, kind: 'firing', message: { ...message, alerts: message.alerts.map((a) => ({ ...a, entity })) }, incidentIds: [`i-${notificationId}`], attempts: 0, detail: 'queued', createdAtMs: Date.now(), sentAtMs: null };
  await storage.alerts.createNotifications(scope, [{ notificationId, channelId, incidentIds: body.incidentIds, body }]);
  return { scope, notificationId, channelId, perMinute, enqueuedAtMs: Date.now() };
}

beforeAll(async () => {
  await storage.ensureTemplates();
  const base = await receivers.start();
  await addChannel('hook', { name: 'ops hook', type: 'webhook', settings: { url: `${base}/hook/ops` }, secrets: { hmacSecret: 'webhook-secret-0123456789' } });
  await addChannel('robot', { name: 'ops robot', type: 'wecom', settings: { baseUrl: base }, secrets: { key: 'robot-1' } });
  producer = new NotifyProducer(stack.env['REDIS_URL'] ?? '', prefix);
  consumer = new NotifyConsumer((job, attempt) => deliverNotification({ storage, secrets: box }, job, attempt), { redisUrl: stack.env['REDIS_URL'] ?? '', prefix, concurrency: 4 });
});

afterAll(async () => {
  await consumer?.close();
  await producer?.close();
  await receivers.stop();
  await storage.purge();
  await storage.close();
});

describe('notify queue', () => {
  it('delivers once however often the same notification is enqueued, before and after delivery', async () => {
    const job = await addNotification('hook', 600);
    await producer.enqueue([job, job]);
    await producer.enqueue([job]);
    await eventually(async () => (receivers.of('webhook').some((m) => (m.headers['idempotency-key'] ?? '') === job.notificationId) ? true : undefined), 'the webhook delivery');
    await eventually(async () => ((await storage.alerts.getNotification(scope, job.notificationId))?.status === 'sent' ? true : undefined), 'status sent');
    await producer.enqueue([job]); // a re-evaluated round re-adds it: the job id is still known
    await new Promise((r) => setTimeout(r, 1500));
    expect(receivers.of('webhook').filter((m) => m.headers['idempotency-key'] === job.notificationId)).toHaveLength(1);
  });

  it('retries with backoff through receiver errors and records the attempts', async () => {
    receivers.failNextWebhooks = 2;
    const job = await addNotification('hook', 600);
    await producer.enqueue([job]);
    const sent = await eventually(async () => {
      const n = await storage.alerts.getNotification<NotificationBody>(scope, job.notificationId);
      return n?.status === 'sent' ? n : undefined;
    }, 'delivery after two 503s', 30_000);
    expect(sent.body.attempts).toBe(3);
    expect(receivers.of('webhook').filter((m) => m.headers['idempotency-key'] === job.notificationId)).toHaveLength(1);
    expect(receivers.refused.filter((r) => r.reason.includes('503'))).toHaveLength(2);
  });

  it('keeps a WeCom robot within 20 messages a minute: the rest wait, none is refused with 45009', async () => {
    const jobs = [];
    for (let i = 0; i < 24; i++) jobs.push(await addNotification('robot', 20, `entity ${i}`));
    await producer.enqueue(jobs);
    await eventually(async () => (receivers.of('wecom').length >= 20 ? true : undefined), '20 WeCom messages');
    await new Promise((r) => setTimeout(r, 2000));
    expect(receivers.of('wecom')).toHaveLength(20);
    expect(receivers.refused.filter((r) => r.service === 'wecom')).toEqual([]);
    const counts = await producer.counts();
    expect(counts['delayed']).toBe(4);
  });
});
