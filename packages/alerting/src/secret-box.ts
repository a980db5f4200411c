import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for channel secrets at rest. The key is 32 bytes (given as 64 hex characters or
 * base64) from `LINKSCOPE_SECRETS_KEY`. Ciphertext format: `v1:<iv b64>:<tag b64>:<data b64>`;
 * `associatedData` (tenant, project and channel id) binds a ciphertext to its record so it cannot
 * be copied onto another tenant's channel.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: string) {
    this.key = SecretBox.parseKey(key);
  }

  static parseKey(key: string): Buffer {
    const bytes = /^[0-9a-fA-F]{64}$/.test(key) ? Buffer.from(key, 'hex') : Buffer.from(key, 'base64');
    if (bytes.length !== 32) throw new Error('the secrets key must be 32 bytes: 64 hex characters or 44 base64 characters');
    return bytes;
  }

  /** A fresh random key in hex, for `LINKSCOPE_SECRETS_KEY`. */
  static generateKey(): string {
    return randomBytes(32).toString('hex');
  }

  seal(plaintext: string, associatedData: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  /** Throws when the ciphertext was altered, sealed under another key, or for another record. */
  open(sealed: string, associatedData: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}
