import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the providers, for tests and benchmarks. Each checks a request the way the
 * real service does (URL shape, signature, body schema, size limit) with its own implementation
 * of the signature schemes, and answers as the service answers, throttling replies included.
 * Services: WeCom `/cgi-bin/webhook/send`, DingTalk `/robot/send`, Feishu `/open-apis/bot/v2/hook/:t`,
 * Slack `/services/...`, generic `/hook/:name`, Aliyun `GET /?Action=SendSms…`, Tencent `POST /`.
 */
export interface ReceiverAccounts {
  /** WeCom robot keys that exist. */
  readonly wecomKeys?: readonly string[];
  /** DingTalk access tokens → sign secret (null: robot without signing). */
  readonly dingtalk?: Readonly<Record<string, string | null>>;
  /** Feishu hook tokens → sign secret (null: no signing). */
  readonly feishu?: Readonly<Record<string, string | null>>;
  /** Slack webhook paths that exist, e.g. `/services/T000/B000/XXXX`. */
  readonly slackPaths?: readonly string[];
  /** Generic webhook names → HMAC secret that must sign (null: unsigned). */
  readonly webhooks?: Readonly<Record<string, string | null>>;
  /** Aliyun AccessKeyId → AccessKeySecret. */
  readonly aliyun?: Readonly<Record<string, string>>;
  /** Tencent SecretId → SecretKey. */
  readonly tencent?: Readonly<Record<string, string>>;
  /** SMS per phone number per minute before the provider's flow control answers (default 5). */
  readonly smsPerNumberPerMinute?: number;
}

export type ReceivedService = 'wecom' | 'dingtalk' | 'feishu' | 'slack' | 'webhook' | 'sms_aliyun' | 'sms_tencent';

/** A request the receiver accepted and answered as delivered. */
export interface ReceivedMessage {
  readonly service: ReceivedService;
  /** Robot key, token, webhook name or SMS account. */
  readonly target: string;
  readonly atMs: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
}

/** A request the receiver answered with an error (signature, schema, throttling...). */
export interface RefusedRequest {
  readonly service: ReceivedService | 'unknown';
  readonly reason: string;
  readonly atMs: number;
}

const MAX_REQUEST_BYTES = 1024 * 1024;

class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  /** Records a hit unless `key` already has `max` hits within `windowMs`; says whether it was allowed. */
  take(key: string, max: number, windowMs: number, nowMs: number): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    if (recent.length >= max) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(nowMs);
    this.hits.set(key, recent);
    return true;
  }
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export class ChannelReceivers {
  readonly received: ReceivedMessage[] = [];
  readonly refused: RefusedRequest[] = [];
  /** Answers the next N generic-webhook requests with 503 (to exercise retries). */
  failNextWebhooks = 0;
  private server: Server | undefined;
  private readonly windows = new SlidingWindow();
  private readonly aliyunNonces = new Set<string>();
  private listeners: ((m: ReceivedMessage) => void)[] = [];

  constructor(private readonly accounts: ReceiverAccounts, private readonly clock: () => number = Date.now) {}

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('receivers not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  /** Calls `listener` for every accepted message from now on (for latency measurements). */
  onMessage(listener: (m: ReceivedMessage) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  of(service: ReceivedService): ReceivedMessage[] {
    return this.received.filter((m) => m.service === service);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BYTES) {
        res.writeHead(413).end('too large');
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://receiver');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
    const query = Object.fromEntries(url.searchParams.entries());
    const ctx = { req, res, raw, url, headers, query, now: this.clock() };
    if (req.method === 'POST' && url.pathname === '/cgi-bin/webhook/send') return this.wecom(ctx);
    if (req.method === 'POST' && url.pathname === '/robot/send') return this.dingtalk(ctx);
    if (req.method === 'POST' && url.pathname.startsWith('/open-apis/bot/v2/hook/')) return this.feishu(ctx);
    if (req.method === 'POST' && url.pathname.startsWith('/services/')) return this.slack(ctx);
    if (req.method === 'POST' && url.pathname.startsWith('/hook/')) return this.webhook(ctx);
    if (req.method === 'GET' && url.pathname === '/' && query['Action']) return this.aliyun(ctx);
    if (req.method === 'POST' && url.pathname === '/' && headers['x-tc-action']) return this.tencent(ctx);
    this.refuse('unknown', `no route ${req.method} ${url.pathname}`, ctx.now);
    res.writeHead(404).end('not found');
  }

  private accept(service: ReceivedService, target: string, ctx: Ctx, body: unknown): void {
    const message: ReceivedMessage = { service, target, atMs: ctx.now, body, headers: ctx.headers, query: ctx.query };
    this.received.push(message);
    for (const listener of this.listeners) listener(message);
  }

  private refuse(service: RefusedRequest['service'], reason: string, atMs: number): void {
    this.refused.push({ service, reason, atMs });
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  private parse(ctx: Ctx): Record<string, unknown> | undefined {
    if (!(ctx.headers['content-type'] ?? '').startsWith('application/json')) return undefined;
    try {
      const value = JSON.parse(ctx.raw.toString('utf8')) as unknown;
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  private wecom(ctx: Ctx): void {
    const key = ctx.query['key'] ?? '';
    const reply = (errcode: number, errmsg: string): void => {
      if (errcode !== 0) this.refuse('wecom', `${errcode} ${errmsg}`, ctx.now);
      this.json(ctx.res, 200, { errcode, errmsg });
    };
    if (!this.accounts.wecomKeys?.includes(key)) return reply(93000, 'invalid webhook url');
    const body = this.parse(ctx);
    if (!body) return reply(40016, 'invalid json');
    if (!this.windows.take(`wecom:${key}`, 20, 60_000, ctx.now)) return reply(45009, 'api freq out of limit');
    if (body['msgtype'] === 'markdown') {
      const content = (body['markdown'] as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || content.length === 0) return reply(44004, 'empty content');
      if (Buffer.byteLength(content, 'utf8') > 4096) return reply(40058, 'markdown.content exceed max length 4096');
    } else if (body['msgtype'] === 'text') {
      const content = (body['text'] as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || Buffer.byteLength(content, 'utf8') > 2048) return reply(40058, 'text.content exceed max length 2048');
    } else return reply(40008, 'invalid message type');
    this.accept('wecom', key, ctx, body);
    reply(0, 'ok');
  }

  private dingtalk(ctx: Ctx): void {
    const token = ctx.query['access_token'] ?? '';
    const reply = (errcode: number, errmsg: string): void => {
      if (errcode !== 0) this.refuse('dingtalk', `${errcode} ${errmsg}`, ctx.now);
      this.json(ctx.res, 200, { errcode, errmsg });
    };
    const robots = this.accounts.dingtalk ?? {};
    if (!(token in robots)) return reply(300001, 'token is not exist');
    const secret = robots[token];
    if (secret) {
      const timestamp = Number(ctx.query['timestamp']);
      if (!Number.isInteger(timestamp) || Math.abs(ctx.now - timestamp) > 3_600_000) return reply(310000, 'sign not match, timestamp is invalid');
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      // URLSearchParams already undid the URL-encoding the robot requires of the sign parameter.
      if (ctx.query['sign'] !== expected) return reply(310000, 'sign not match');
    }
    const body = this.parse(ctx);
    if (!body) return reply(400, 'invalid json');
    if (!this.windows.take(`dingtalk:${token}`, 20, 60_000, ctx.now)) return reply(130101, 'send too fast, exceed 20 times per minute');
    if (body['msgtype'] === 'markdown') {
      const md = body['markdown'] as { title?: unknown; text?: unknown } | undefined;
      if (typeof md?.title !== 'string' || typeof md.text !== 'string' || !md.text) return reply(40035, 'missing markdown.title or markdown.text');
    } else if (body['msgtype'] !== 'text') return reply(40035, 'unsupported msgtype');
    this.accept('dingtalk', token, ctx, body);
    reply(0, 'ok');
  }

  private feishu(ctx: Ctx): void {
    const token = decodeURIComponent(ctx.url.pathname.slice('/open-apis/bot/v2/hook/'.length));
    const reply = (code: number, msg: string): void => {
      if (code !== 0) this.refuse('feishu', `${code} ${msg}`, ctx.now);
      this.json(ctx.res, 200, code === 0 ? { code: 0, msg: 'success', data: {} } : { code, msg, data: {} });
    };
    const bots = this.accounts.feishu ?? {};
    if (!(token in bots)) return reply(19001, 'param invalid: incoming webhook access token invalid');
    if (ctx.raw.length > 20 * 1024) return reply(9499, 'Bad Request: request body exceeds 20KB');
    const body = this.parse(ctx);
    if (!body) return reply(9499, 'Bad Request');
    const secret = bots[token];
    if (secret) {
      const ts = Number(body['timestamp']);
      const expected = createHmac('sha256', `${body['timestamp'] as string}\n${secret}`).update(Buffer.alloc(0)).digest('base64');
      if (!Number.isInteger(ts) || Math.abs(ctx.now / 1000 - ts) > 3600 || body['sign'] !== expected) {
        return reply(19021, 'sign match fail or timestamp is not within one hour from current time');
      }
    }
    if (!this.windows.take(`feishu-s:${token}`, 5, 1000, ctx.now) || !this.windows.take(`feishu-m:${token}`, 100, 60_000, ctx.now)) return reply(11232, 'frequency limited psm');
    const type = body['msg_type'];
    const content = body['content'] as Record<string, unknown> | undefined;
    if (type === 'text' && typeof (content?.['text'] as unknown) !== 'string') return reply(9499, 'Bad Request');
    if (type === 'post') {
      const post = content?.['post'] as Record<string, { title?: unknown; content?: unknown }> | undefined;
      const lang = post?.['zh_cn'] ?? post?.['en_us'];
      if (!lang || !Array.isArray(lang.content) || !lang.content.every((p) => Array.isArray(p))) return reply(9499, 'Bad Request');
    }
    if (type !== 'text' && type !== 'post' && type !== 'interactive') return reply(9499, 'Bad Request');
    this.accept('feishu', token, ctx, body);
    reply(0, 'success');
  }

  private slack(ctx: Ctx): void {
    const text = (status: number, body: string, headers: Record<string, string> = {}): void => {
      if (status !== 200) this.refuse('slack', `${status} ${body}`, ctx.now);
      ctx.res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
    };
    if (!this.accounts.slackPaths?.includes(ctx.url.pathname)) return text(404, 'no_service');
    const body = this.parse(ctx);
    if (!body) return text(400, 'invalid_payload');
    // One a second with short bursts: a bucket of 3 refilled at 1/s, approximated by two windows.
    if (!this.windows.take(`slack-b:${ctx.url.pathname}`, 3, 1000, ctx.now) || !this.windows.take(`slack-m:${ctx.url.pathname}`, 60, 60_000, ctx.now)) {
      return text(429, 'rate_limited', { 'retry-after': '1' });
    }
    const blocks = body['blocks'];
    if (typeof body['text'] !== 'string' && !Array.isArray(blocks)) return text(400, 'no_text');
    if (Array.isArray(blocks)) {
      for (const block of blocks as { type?: unknown; text?: { type?: unknown; text?: unknown } }[]) {
        if (block.type === 'section' && (typeof block.text?.text !== 'string' || block.text.text.length > 3000)) return text(400, 'invalid_blocks');
      }
    }
    this.accept('slack', ctx.url.pathname, ctx, body);
    text(200, 'ok');
  }

  private webhook(ctx: Ctx): void {
    const name = ctx.url.pathname.slice('/hook/'.length);
    const hooks = this.accounts.webhooks ?? {};
    if (!(name in hooks)) return this.json(ctx.res, 404, { error: 'no such hook' });
    if (this.failNextWebhooks > 0) {
      this.failNextWebhooks--;
      this.refuse('webhook', '503 injected failure', ctx.now);
      return this.json(ctx.res, 503, { error: 'unavailable' });
    }
    const secret = hooks[name];
    if (secret) {
      const ts = Number(ctx.headers['x-linkscope-timestamp']);
      const expected = 'sha256=' + createHmac('sha256', secret).update(`${ctx.headers['x-linkscope-timestamp'] ?? ''}.`).update(ctx.raw).digest('hex');
      if (!Number.isInteger(ts) || Math.abs(ctx.now / 1000 - ts) > 300 || ctx.headers['x-linkscope-signature'] !== expected) {
        this.refuse('webhook', 'bad signature', ctx.now);
        return this.json(ctx.res, 401, { error: 'bad signature' });
      }
    }
    const body = this.parse(ctx);
    const alerts = body?.['alerts'];
    if (!body || body['version'] !== '4' || typeof body['groupKey'] !== 'string' || !Array.isArray(alerts) || (body['status'] !== 'firing' && body['status'] !== 'resolved')) {
      this.refuse('webhook', 'not an Alertmanager v4 payload', ctx.now);
      return this.json(ctx.res, 400, { error: 'not an Alertmanager v4 payload' });
    }
    this.accept('webhook', name, ctx, body);
    this.json(ctx.res, 200, { ok: true });
  }

  private aliyun(ctx: Ctx): void {
    const q = ctx.query;
    const fail = (status: number, Code: string, Message: string): void => {
      this.refuse('sms_aliyun', `${Code} ${Message}`, ctx.now);
      this.json(ctx.res, status, { Code, Message, RequestId: randomUUID() });
    };
    for (const p of ['AccessKeyId', 'Action', 'Format', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version', 'Signature']) {
      if (!q[p]) return fail(400, 'MissingParameter', `${p} is mandatory for this action.`);
    }
    const secret = this.accounts.aliyun?.[q['AccessKeyId'] ?? ''];
    if (!secret) return fail(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (q['SignatureMethod'] !== 'HMAC-SHA1' || q['SignatureVersion'] !== '1.0') return fail(400, 'InvalidParameter', 'SignatureMethod/SignatureVersion');
    const ts = Date.parse(q['Timestamp'] ?? '');
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(q['Timestamp'] ?? '') || Math.abs(ctx.now - ts) > 15 * 60_000) return fail(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    const { Signature: signature, ...rest } = q;
    const canonical = Object.keys(rest)
      .sort()
      .map((k) => `${rfc3986(k)}=${rfc3986(rest[k] ?? '')}`)
      .join('&');
    const expected = createHmac('sha1', `${secret}&`).update(`GET&%2F&${rfc3986(canonical)}`).digest('base64');
    if (signature !== expected) return fail(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    if (this.aliyunNonces.has(q['SignatureNonce'] ?? '')) return fail(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    this.aliyunNonces.add(q['SignatureNonce'] ?? '');
    if (q['Action'] !== 'SendSms' || q['Version'] !== '2017-05-25') return fail(400, 'InvalidAction.NotFound', 'Specified api is not found.');
    for (const p of ['PhoneNumbers', 'SignName', 'TemplateCode']) if (!q[p]) return fail(200, 'isv.INVALID_PARAMETERS', `${p} is mandatory`);
    let params: unknown;
    try {
      params = JSON.parse(q['TemplateParam'] ?? '{}');
    } catch {
      return fail(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    }
    if (!params || typeof params !== 'object' || Object.values(params).some((v) => typeof v !== 'string')) return fail(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    const numbers = (q['PhoneNumbers'] ?? '').split(',');
    if (numbers.length > 1000 || numbers.some((n) => !/^\+?\d{5,20}$/.test(n))) return fail(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    const limit = this.accounts.smsPerNumberPerMinute ?? 5;
    if (!numbers.every((n) => this.windows.take(`aliyun:${n}`, limit, 60_000, ctx.now))) return fail(200, 'isv.BUSINESS_LIMIT_CONTROL', '触发分钟级流控Permits:1');
    this.accept('sms_aliyun', q['AccessKeyId'] ?? '', ctx, { ...q, TemplateParam: params });
    this.json(ctx.res, 200, { Code: 'OK', Message: 'OK', RequestId: randomUUID(), BizId: `${Date.now()}^0` });
  }

  private tencent(ctx: Ctx): void {
    const requestId = randomUUID();
    const error = (Code: string, Message: string): void => {
      this.refuse('sms_tencent', `${Code} ${Message}`, ctx.now);
      this.json(ctx.res, 200, { Response: { Error: { Code, Message }, RequestId: requestId } });
    };
    const h = ctx.headers;
    if (h['x-tc-action'] !== 'SendSms') return error('InvalidAction', 'action not found');
    if (h['x-tc-version'] !== '2021-01-11') return error('InvalidParameterValue', 'version');
    if (!h['x-tc-region']) return error('MissingParameter', 'X-TC-Region');
    const ts = Number(h['x-tc-timestamp']);
    if (!Number.isInteger(ts) || Math.abs(ctx.now / 1000 - ts) > 300) return error('AuthFailure.SignatureExpire', 'signature expired');
    const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/sms\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(h['authorization'] ?? '');
    if (!auth) return error('AuthFailure.InvalidAuthorization', 'Authorization header malformed');
    const [, secretId, date, signedHeaders, signature] = auth as unknown as [string, string, string, string, string];
    const secretKey = this.accounts.tencent?.[secretId];
    if (!secretKey) return error('AuthFailure.SecretIdNotFound', 'secret id not found');
    if (date !== new Date(ts * 1000).toISOString().slice(0, 10)) return error('AuthFailure.SignatureFailure', 'credential date does not match timestamp');
    const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
    const names = signedHeaders.split(';');
    const canonicalHeaders = names.map((n) => `${n}:${(h[n] ?? '').trim().toLowerCase()}\n`).join('');
    const canonicalRequest = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${sha(ctx.raw)}`;
    const stringToSign = `TC3-HMAC-SHA256\n${ts}\n${date}/sms/tc3_request\n${sha(canonicalRequest)}`;
    const k = (key: Buffer | string, msg: string): Buffer => createHmac('sha256', key).update(msg).digest();
    const expected = createHmac('sha256', k(k(k('TC3' + secretKey, date), 'sms'), 'tc3_request')).update(stringToSign).digest('hex');
    if (!names.includes('host') || !names.includes('content-type') || signature !== expected) return error('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
    const body = this.parse(ctx);
    if (!body) return error('InvalidParameter', 'body is not JSON');
    const phones = body['PhoneNumberSet'];
    const params = body['TemplateParamSet'];
    if (!Array.isArray(phones) || phones.length === 0 || phones.length > 200 || phones.some((p) => typeof p !== 'string' || !/^\+\d{6,20}$/.test(p))) return error('InvalidParameterValue.IncorrectPhoneNumber', 'PhoneNumberSet');
    if (typeof body['SmsSdkAppId'] !== 'string' || typeof body['TemplateId'] !== 'string') return error('MissingParameter', 'SmsSdkAppId/TemplateId');
    if (params !== undefined && (!Array.isArray(params) || params.some((p) => typeof p !== 'string'))) return error('InvalidParameterValue.TemplateParameterFormatError', 'TemplateParamSet');
    const limit = this.accounts.smsPerNumberPerMinute ?? 5;
    const statuses = (phones as string[]).map((p) =>
      this.windows.take(`tencent:${p}`, limit, 60_000, ctx.now)
        ? { SerialNo: randomUUID(), PhoneNumber: p, Fee: 1, SessionContext: String(body['SessionContext'] ?? ''), Code: 'Ok', Message: 'send success', IsoCode: 'CN' }
        : { SerialNo: '', PhoneNumber: p, Fee: 0, SessionContext: '', Code: 'LimitExceeded.PhoneNumberThirtySecondLimit', Message: 'number limit', IsoCode: 'CN' },
    );
    if (statuses.some((s) => s.Code === 'Ok')) this.accept('sms_tencent', secretId, ctx, body);
    else this.refuse('sms_tencent', 'LimitExceeded for every number', ctx.now);
    this.json(ctx.res, 200, { Response: { SendStatusSet: statuses, RequestId: requestId } });
  }
}

interface Ctx {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly raw: Buffer;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly now: number;
}
