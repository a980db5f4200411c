import { createHash, createHmac } from 'node:crypto';
import type { ChannelSecrets, ChannelSettings } from '@linkscope/domain';
import type { AlertMessage } from '../message/alert-message';
import type { MessageLanguage } from '../message/format';
import { type HttpReply, type OutgoingRequest, parseJson, type SendOutcome } from './sender';
import { SMS_TEMPLATE_VARIABLES, smsTemplateParams } from './sms-params';

const SERVICE = 'sms';
const VERSION = '2021-01-11';
const CONTENT_TYPE = 'application/json; charset=utf-8';

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();

/**
 * TC3-HMAC-SHA256 (Tencent Cloud API 3.0): canonical request over content-type and host, string to
 * sign with the UTC date scope, key derived as HMAC chain `TC3`+secret → date → service → tc3_request.
 */
export function tc3Authorization(input: { secretId: string; secretKey: string; host: string; body: string; timestampSeconds: number; service?: string }): string {
  const service = input.service ?? SERVICE;
  const date = new Date(input.timestampSeconds * 1000).toISOString().slice(0, 10);
  const canonicalRequest = ['POST', '/', '', `content-type:${CONTENT_TYPE}\nhost:${input.host}\n`, 'content-type;host', sha256Hex(input.body)].join('\n');
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestampSeconds), scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${input.secretKey}`, date), service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

/** `SendSms` (2021-01-11); `TemplateParamSet` carries the SMS variables in order; `SessionContext` our notification id. */
export function buildTencentSmsRequest(message: AlertMessage, notificationId: string, settings: ChannelSettings<'sms_tencent'>, secrets: ChannelSecrets<'sms_tencent'>, language: MessageLanguage, nowMs = Date.now()): OutgoingRequest {
  const params = smsTemplateParams(message, language);
  const body = JSON.stringify({
    PhoneNumberSet: settings.phoneNumbers,
    SmsSdkAppId: settings.smsSdkAppId,
    TemplateId: settings.templateId,
    SignName: settings.signName,
    TemplateParamSet: SMS_TEMPLATE_VARIABLES.map((v) => params[v]),
    SessionContext: notificationId.slice(0, 512),
  });
  const url = new URL(settings.endpoint);
  const timestampSeconds = Math.floor(nowMs / 1000);
  return {
    method: 'POST',
    url: `${url.origin}/`,
    headers: {
      authorization: tc3Authorization({ secretId: settings.secretId, secretKey: secrets.secretKey, host: url.host, body, timestampSeconds }),
      'content-type': CONTENT_TYPE,
      'x-tc-action': 'SendSms',
      'x-tc-region': settings.region,
      'x-tc-timestamp': String(timestampSeconds),
      'x-tc-version': VERSION,
    },
    body,
  };
}

type TencentReply = { Response?: { Error?: { Code?: string; Message?: string }; SendStatusSet?: { Code?: string; PhoneNumber?: string; Message?: string }[] } };

/**
 * Tencent answers 200 with either `Response.Error` or a per-number status. A partial success counts
 * as sent (naming the numbers that failed): retrying would text the others twice.
 */
export function interpretTencentSmsReply(reply: HttpReply): SendOutcome {
  const response = (parseJson(reply.body) as TencentReply | undefined)?.Response;
  if (!response) return { status: 'rejected', reason: `unexpected reply HTTP ${reply.status}: ${reply.body.slice(0, 200)}` };
  const error = response.Error;
  if (error?.Code) {
    if (error.Code === 'RequestLimitExceeded' || error.Code.startsWith('LimitExceeded')) return { status: 'retryable', reason: `${error.Code} ${error.Message ?? ''}`.trim(), afterMs: 60_000, throttled: true };
    if (error.Code.startsWith('InternalError') || error.Code === 'ResourceUnavailable') return { status: 'retryable', reason: error.Code, afterMs: 5000, throttled: false };
    return { status: 'rejected', reason: `${error.Code} ${error.Message ?? ''}`.trim() };
  }
  const statuses = response.SendStatusSet ?? [];
  const failed = statuses.filter((s) => s.Code !== 'Ok');
  if (statuses.length > 0 && failed.length === 0) return { status: 'sent', detail: `${statuses.length} numbers` };
  if (statuses.length > 0 && failed.length < statuses.length) return { status: 'sent', detail: `partial: ${failed.map((f) => `${f.PhoneNumber} ${f.Code}`).join(', ')}` };
  if (failed.length > 0 && failed.every((f) => f.Code?.startsWith('LimitExceeded'))) return { status: 'retryable', reason: failed.map((f) => f.Code).join(', '), afterMs: 60_000, throttled: true };
  return { status: 'rejected', reason: failed.map((f) => `${f.PhoneNumber} ${f.Code}`).join(', ') || 'empty SendStatusSet' };
}
