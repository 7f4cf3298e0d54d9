// Encryption at rest for signing secrets and OAuth client secrets: AES-256-GCM with a random
// 96-bit nonce per value. Stored form: "v1:" + base64(nonce | ciphertext | tag), so the format can
// change later without guessing.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The encryption key must be 32 bytes (HOOKGATE_SECRET_KEY)');
    this.#key = key;
  }

  /** Accepts base64 or hex of exactly 32 bytes. */
  static fromString(text: string): SecretBox {
    const hex = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : null;
    return new SecretBox(hex ?? Buffer.from(text, 'base64'));
  }

  encrypt(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    if (!stored.startsWith('v1:')) throw new Error('Unknown secret encoding');
    const raw = Buffer.from(stored.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  }
}
