import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { generateSecret, parseSecret, signatureHeader } from '../src/delivery/sign.ts';

const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  msgId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  expected: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

function headersFor(msgId: string, timestamp: number, signature: string): Record<string, string> {
  return { 'webhook-id': msgId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}

describe('signatureHeader', () => {
  it('reproduces the Standard Webhooks published test vector', () => {
    const { secret, msgId, timestamp, body, expected } = VECTOR;
    expect(signatureHeader({ msgId, timestamp, body, secrets: [secret] })).toBe(expected);
  });

  it('is verified by the independent standardwebhooks package', () => {
    const secret = generateSecret();
    // The library rejects timestamps more than 5 minutes off, so sign "now".
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'invoice.paid', data: { id: 'in_1', note: 'héllo ✓' } });
    const sig = signatureHeader({ msgId: 'msg_1', timestamp, body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(body, headersFor('msg_1', timestamp, sig))).not.toThrow();
  });

  it('emits one signature per secret, each of which verifies alone', () => {
    const secrets = [generateSecret(), generateSecret(24), generateSecret(64)];
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"rotating":true}';
    const header = signatureHeader({ msgId: 'msg_rot', timestamp, body, secrets });
    const parts = header.split(' ');
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    for (const secret of secrets) {
      expect(() => new Webhook(secret).verify(body, headersFor('msg_rot', timestamp, header))).not.toThrow();
    }
  });

  it('fails verification under a secret it was not signed with', () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const header = signatureHeader({ msgId: 'msg_x', timestamp, body: '{}', secrets: [generateSecret()] });
    expect(() => new Webhook(generateSecret()).verify('{}', headersFor('msg_x', timestamp, header))).toThrow();
  });

  it('fails verification when the body changes', () => {
    const secret = generateSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const header = signatureHeader({ msgId: 'msg_y', timestamp, body: '{"a":1}', secrets: [secret] });
    expect(() => new Webhook(secret).verify('{"a":2}', headersFor('msg_y', timestamp, header))).toThrow();
  });

  it('refuses invalid secrets, no secrets and non-integer timestamps', () => {
    const base = { msgId: 'm', timestamp: 1, body: '' };
    expect(() => signatureHeader({ ...base, secrets: ['whsec_short'] })).toThrow();
    expect(() => signatureHeader({ ...base, secrets: [] })).toThrow();
    expect(() => signatureHeader({ ...base, timestamp: 1.5, secrets: [VECTOR.secret] })).toThrow();
  });
});

describe('generateSecret', () => {
  it('produces secrets that parseSecret accepts, with the requested key length', () => {
    for (const n of [24, 32, 64]) {
      const s = generateSecret(n);
      expect(s.startsWith('whsec_')).toBe(true);
      expect(parseSecret(s)?.length).toBe(n);
    }
    expect(generateSecret()).not.toBe(generateSecret());
    expect(parseSecret(generateSecret())?.length).toBe(32);
  });

  it('refuses lengths parseSecret would reject', () => {
    expect(() => generateSecret(23)).toThrow(RangeError);
    expect(() => generateSecret(65)).toThrow(RangeError);
    expect(() => generateSecret(32.5)).toThrow(RangeError);
  });
});

describe('parseSecret', () => {
  const b64 = (n: number, fill = 7) => Buffer.alloc(n, fill).toString('base64');

  it.each([
    ['the test vector secret (24 bytes)', VECTOR.secret, 24],
    ['32 bytes, one "=" of padding', `whsec_${b64(32)}`, 32],
    ['64 bytes, two "=" of padding', `whsec_${b64(64)}`, 64],
    ['25 bytes', `whsec_${b64(25)}`, 25],
  ])('accepts %s', (_name, input, bytes) => {
    expect(parseSecret(input)?.length).toBe(bytes);
  });

  it.each([
    ['empty', ''],
    ['prefix only', 'whsec_'],
    ['missing prefix', b64(32)],
    ['wrong prefix case', `WHSEC_${b64(32)}`],
    ['other prefix', `whsk_${b64(32)}`],
    ['too short (23 bytes)', `whsec_${b64(23)}`],
    ['too short (16 bytes)', `whsec_${b64(16)}`],
    ['too long (65 bytes)', `whsec_${b64(65)}`],
    ['bad base64 characters', `whsec_${b64(32).slice(0, -4)}!!!=`],
    ['url-safe alphabet', `whsec_${Buffer.alloc(33, 0xfb).toString('base64url')}`],
    ['missing padding', `whsec_${b64(32).replace(/=+$/, '')}`],
    ['extra padding', `whsec_${b64(33)}==`],
    ['padding in the middle', `whsec_AAAA=AAA${b64(30)}`],
    // "...Bwc=" and "...Bwd=" decode to the same bytes; only the first is canonical.
    ['non-canonical trailing bits', `whsec_${b64(32).slice(0, -2)}d=`],
    ['leading space', ` whsec_${b64(32)}`],
    ['trailing space', `whsec_${b64(32)} `],
    ['trailing newline', `whsec_${b64(32)}\n`],
    ['inner whitespace', `whsec_${b64(32).slice(0, 8)} ${b64(32).slice(8)}`],
    ['space after prefix', `whsec_ ${b64(32)}`],
  ])('rejects %s', (_name, input) => {
    expect(parseSecret(input)).toBeNull();
  });
});
