/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/):
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<ts>.<body>")> ...`
 */
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';
export const SECRET_MIN_BYTES = 24;
export const SECRET_MAX_BYTES = 64;

// Standard alphabet, padding required: one spelling per key, so two stored
// secrets compare equal exactly when their keys do.
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Returns the key bytes of a `whsec_<base64>` secret, or null unless the
 * secret is exactly that: prefix, canonical padded base64 (no whitespace,
 * no URL-safe alphabet, no stray low bits in the last character), and a key
 * of 24..64 bytes.
 */
export function parseSecret(s: string): Buffer | null {
  if (typeof s !== 'string' || !s.startsWith(PREFIX)) return null;
  const b64 = s.slice(PREFIX.length);
  if (b64 === '' || !CANONICAL_BASE64.test(b64)) return null;
  const key = Buffer.from(b64, 'base64');
  // Buffer ignores non-zero trailing bits ("QR==" decodes like "QQ=="); the
  // round trip rejects such aliases.
  if (key.toString('base64') !== b64) return null;
  if (key.length < SECRET_MIN_BYTES || key.length > SECRET_MAX_BYTES) return null;
  return key;
}

export function generateSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < SECRET_MIN_BYTES || bytes > SECRET_MAX_BYTES) {
    throw new RangeError(`secret length must be an integer in ${SECRET_MIN_BYTES}..${SECRET_MAX_BYTES} bytes`);
  }
  return PREFIX + randomBytes(bytes).toString('base64');
}

export interface SignatureInput {
  msgId: string;
  /** Unix seconds. */
  timestamp: number;
  body: string;
  /** Several during rotation: receivers accept any one that matches. */
  secrets: readonly string[];
}

/**
 * The `webhook-signature` header value. Throws on an invalid secret or a
 * non-integer timestamp: both are bugs upstream (secrets are validated on
 * input), and signing with a wrong key would only produce deliveries that
 * every receiver rejects.
 */
export function signatureHeader(input: SignatureInput): string {
  const { msgId, timestamp, body, secrets } = input;
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError('timestamp must be a non-negative integer number of seconds');
  }
  if (secrets.length === 0) throw new Error('at least one secret is required');
  const content = `${msgId}.${timestamp}.${body}`;
  let header = '';
  for (let i = 0; i < secrets.length; i++) {
    const key = signingKey(secrets[i]!);
    if (!key) throw new Error(`secret #${i} is not a valid whsec_ secret`);
    header += `${i === 0 ? '' : ' '}v1,${createHmac('sha256', key).update(content, 'utf8').digest('base64')}`;
  }
  return header;
}

// Parsing a secret (pattern, base64 decode and the round trip) cost as much as the HMAC itself;
// a worker signs with the same few secrets over and over.
const keys = new Map<string, Buffer>();
function signingKey(secret: string): Buffer | null {
  let key = keys.get(secret);
  if (key === undefined) {
    const parsed = parseSecret(secret);
    if (!parsed) return null;
    if (keys.size >= 10_000) keys.clear();
    keys.set(secret, parsed);
    key = parsed;
  }
  return key;
}
