import { randomBytes } from 'node:crypto';
import { generateSecret, isValidSecret, parseSecret } from '@app/signing';

const secretOf = (bytes: number) => 'whsec_' + randomBytes(bytes).toString('base64');

describe('webhook secrets', () => {
  it('generates whsec_ + base64 of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseSecret(secret)).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });

  it('accepts 24 to 64 bytes and returns the key bytes', () => {
    const key = randomBytes(24);
    expect(parseSecret('whsec_' + key.toString('base64'))).toEqual(key);
    expect(isValidSecret(secretOf(24))).toBe(true);
    expect(isValidSecret(secretOf(64))).toBe(true);
  });

  it('rejects too short and too long keys', () => {
    expect(parseSecret(secretOf(23))).toBeUndefined();
    expect(parseSecret(secretOf(65))).toBeUndefined();
  });

  it('rejects a wrong or missing prefix', () => {
    const body = randomBytes(32).toString('base64');
    expect(isValidSecret(body)).toBe(false);
    expect(isValidSecret('whsk_' + body)).toBe(false);
    expect(isValidSecret('WHSEC_' + body)).toBe(false);
  });

  it('rejects bad base64', () => {
    const valid = generateSecret();
    expect(isValidSecret(valid.slice(0, -1))).toBe(false); // missing padding
    expect(isValidSecret(valid.replace(/.(?==$)/, '!'))).toBe(false);
    expect(isValidSecret(valid + ' ')).toBe(false);
    expect(
      isValidSecret('whsec_' + randomBytes(32).toString('base64url').replace(/=+$/, '') + '-_'),
    ).toBe(false);
    expect(isValidSecret('whsec_')).toBe(false);
    // Same bytes as a valid secret but with non-zero padding bits: a second spelling.
    expect(isValidSecret('whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=')).toBe(false);
  });
});
