import { createHmac, randomUUID } from 'node:crypto';
import type { ChannelSecrets, ChannelSettings } from '@linkscope/domain';
import type { AlertMessage } from '../message/alert-message';
import type { MessageLanguage } from '../message/format';
import { type HttpReply, type OutgoingRequest, parseJson, type SendOutcome } from './sender';
import { smsTemplateParams } from './sms-params';

/** RFC 3986 percent-encoding as Aliyun's RPC signature requires (space → %20, `*` → %2A, `~` kept). */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Aliyun RPC signature V1: `GET&%2F&<encoded canonical query>`, HMAC-SHA1 keyed by `secret&`, Base64. */
export function aliyunRpcSignature(params: Readonly<Record<string, string>>, accessKeySecret: string, method: 'GET' | 'POST' = 'GET'): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(params[k] ?? '')}`)
    .join('&');
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Aliyun's `Timestamp`: ISO 8601 in UTC without milliseconds. */
function aliyunTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * dysmsapi `SendSms` (2017-05-25) signed with the RPC V1 scheme; `OutId` carries our notification id
 * so a delivery receipt can be matched. A fresh `SignatureNonce` per request (Aliyun refuses a reused one).
 */
export function buildAliyunSmsRequest(
  message: AlertMessage,
  notificationId: string,
  settings: ChannelSettings<'sms_aliyun'>,
  secrets: ChannelSecrets<'sms_aliyun'>,
  language: MessageLanguage,
  nowMs = Date.now(),
  nonce: string = randomUUID(),
): OutgoingRequest {
  const params: Record<string, string> = {
    AccessKeyId: settings.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    OutId: notificationId.slice(0, 64),
    PhoneNumbers: settings.phoneNumbers.join(','),
    RegionId: 'cn-hangzhou',
    SignName: settings.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    TemplateCode: settings.templateCode,
    TemplateParam: JSON.stringify(smsTemplateParams(message, language)),
    Timestamp: aliyunTimestamp(nowMs),
    Version: '2017-05-25',
  };
  const signature = aliyunRpcSignature(params, secrets.accessKeySecret);
  const query = [`Signature=${aliyunPercentEncode(signature)}`, ...Object.keys(params).sort().map((k) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(params[k] ?? '')}`)].join('&');
  return { method: 'GET', url: `${settings.endpoint.replace(/\/+$/, '')}/?${query}`, headers: { accept: 'application/json' } };
}

const THROTTLE_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'Throttling.User', 'Throttling', 'isv.DAY_LIMIT_CONTROL']);

export function interpretAliyunSmsReply(reply: HttpReply): SendOutcome {
  const body = parseJson(reply.body) as { Code?: string; Message?: string; BizId?: string } | undefined;
  if (typeof body?.Code !== 'string') return { status: 'rejected', reason: `unexpected reply HTTP ${reply.status}: ${reply.body.slice(0, 200)}` };
  if (body.Code === 'OK') return { status: 'sent', detail: `BizId ${body.BizId ?? '-'}` };
  if (THROTTLE_CODES.has(body.Code)) return { status: 'retryable', reason: `${body.Code} ${body.Message ?? ''}`.trim(), afterMs: 60_000, throttled: true };
  if (body.Code === 'ServiceUnavailable' || body.Code === 'InternalError') return { status: 'retryable', reason: body.Code, afterMs: 5000, throttled: false };
  return { status: 'rejected', reason: `${body.Code} ${body.Message ?? ''}`.trim() };
}
