import { type ChannelInput, channelSecretSchemas, channelSettingsSchemas, type ChannelType, type ChannelView, type TenantScope } from '@linkscope/domain';
import type { SecretBox } from '../secret-box';
import type { ResolvedChannel } from './channel-sender';

/** A channel as stored: settings in clear, secrets sealed (AES-256-GCM) and bound to the record. */
export interface StoredChannel {
  readonly id: string;
  readonly name: string;
  readonly type: ChannelType;
  readonly language: 'en' | 'zh-CN';
  readonly settings: Record<string, unknown>;
  /** `SecretBox.seal` of the secrets' JSON, or null when the channel has none. */
  readonly sealedSecrets: string | null;
  readonly secretFields: readonly string[];
  readonly updatedAtMs: number;
}

function associatedData(scope: TenantScope, channelId: string): string {
  return `${scope.tenantId}/${scope.projectId}/channel/${channelId}`;
}

/**
 * Builds the stored form of a channel from validated input. Without new secrets the previous
 * sealed secrets are kept (the api never shows them, so an edit cannot resend them); changing the
 * type requires new secrets.
 */
export function sealChannel(scope: TenantScope, id: string, input: ChannelInput, box: SecretBox, previous: StoredChannel | null, nowMs = Date.now()): StoredChannel {
  let sealedSecrets: string | null;
  let secretFields: readonly string[];
  if (input.secrets !== undefined) {
    const secrets = Object.fromEntries(Object.entries(input.secrets).filter(([, v]) => v !== undefined && v !== ''));
    secretFields = Object.keys(secrets).sort();
    sealedSecrets = secretFields.length > 0 ? box.seal(JSON.stringify(secrets), associatedData(scope, id)) : null;
  } else if (previous && previous.type === input.type) {
    sealedSecrets = previous.sealedSecrets;
    secretFields = previous.secretFields;
  } else {
    // Only the webhook works without a secret; everything else must be given one.
    const empty = channelSecretSchemas[input.type].safeParse({});
    if (!empty.success) throw new Error(`a ${input.type} channel needs its secrets (${Object.keys(channelSecretSchemas[input.type].shape).join(', ')})`);
    sealedSecrets = null;
    secretFields = [];
  }
  return { id, name: input.name, type: input.type, language: input.language, settings: input.settings as Record<string, unknown>, sealedSecrets, secretFields, updatedAtMs: nowMs };
}

/** Decrypts a stored channel for sending. Throws when the key is wrong or the record was tampered with. */
export function openChannel(scope: TenantScope, stored: StoredChannel, box: SecretBox | null): ResolvedChannel {
  let secrets: unknown = {};
  if (stored.sealedSecrets) {
    if (!box) throw new Error('LINKSCOPE_SECRETS_KEY is not set: channel secrets cannot be read');
    secrets = JSON.parse(box.open(stored.sealedSecrets, associatedData(scope, stored.id))) as unknown;
  }
  return {
    id: stored.id,
    name: stored.name,
    type: stored.type,
    language: stored.language,
    settings: channelSettingsSchemas[stored.type].parse(stored.settings),
    secrets: channelSecretSchemas[stored.type].parse(secrets),
  } as ResolvedChannel;
}

/** What the api returns: no secrets, only which secret fields are set. */
export function channelView(stored: StoredChannel): ChannelView {
  return { id: stored.id, name: stored.name, type: stored.type, language: stored.language, settings: stored.settings, secretFieldsSet: stored.secretFields, updatedAtMs: stored.updatedAtMs };
}
