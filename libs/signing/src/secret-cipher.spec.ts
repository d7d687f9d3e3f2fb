import { createHash, randomBytes } from 'node:crypto';
import { SecretCipher } from '@app/signing';

const newKey = () => randomBytes(32).toString('base64');
const keyIdOf = (key: string) =>
  createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 8);

describe('SecretCipher', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

  it('roundtrips and names the key in a self-describing string', () => {
    const key = newKey();
    const cipher = new SecretCipher(key);
    const encrypted = cipher.encrypt(secret);

    expect(encrypted).toMatch(
      /^v1:[0-9a-f]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/,
    );
    expect(encrypted.split(':')[1]).toBe(keyIdOf(key));
    expect(encrypted).not.toContain(secret);
    expect(cipher.decrypt(encrypted)).toBe(secret);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.decrypt(cipher.encrypt('ünïcødé ✓'))).toBe('ünïcødé ✓');
  });

  it('uses a fresh IV for every encryption', () => {
    const cipher = new SecretCipher(newKey());
    const a = cipher.encrypt(secret);
    const b = cipher.encrypt(secret);
    expect(a).not.toBe(b);
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]);
  });

  it('rotates keys: old ciphertexts decrypt, new ones use the current key', () => {
    const oldKey = newKey();
    const currentKey = newKey();
    const before = new SecretCipher(oldKey);
    const oldCiphertext = before.encrypt(secret);

    const after = new SecretCipher(currentKey, [oldKey]);
    expect(after.decrypt(oldCiphertext)).toBe(secret);
    expect(after.needsReencryption(oldCiphertext)).toBe(true);

    const reencrypted = after.encrypt(after.decrypt(oldCiphertext));
    expect(reencrypted.split(':')[1]).toBe(keyIdOf(currentKey));
    expect(after.currentKeyId).toBe(keyIdOf(currentKey));
    expect(after.needsReencryption(reencrypted)).toBe(false);
    expect(() => before.decrypt(reencrypted)).toThrow(
      `secret was encrypted with unknown key ${keyIdOf(currentKey)}`,
    );
  });

  it('detects tampering with the data, tag, iv or key id', () => {
    const key = newKey();
    const cipher = new SecretCipher(key);
    const [version, keyId, iv, tag, data] = cipher.encrypt(secret).split(':');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0]! ^= 1;
      return bytes.toString('base64url');
    };

    expect(() => cipher.decrypt([version, keyId, iv, tag, flip(data!)].join(':'))).toThrow(
      /failed authentication/,
    );
    expect(() => cipher.decrypt([version, keyId, iv, flip(tag!), data].join(':'))).toThrow(
      /failed authentication/,
    );
    expect(() => cipher.decrypt([version, keyId, flip(iv!), tag, data].join(':'))).toThrow(
      /failed authentication/,
    );
    expect(() => cipher.decrypt([version, 'deadbeef', iv, tag, data].join(':'))).toThrow(
      'secret was encrypted with unknown key deadbeef',
    );
  });

  it('fails authentication when a ciphertext is relabelled to another known key', () => {
    const previousKey = newKey();
    const cipher = new SecretCipher(newKey(), [previousKey]);
    const parts = cipher.encrypt(secret).split(':');
    parts[1] = keyIdOf(previousKey);
    expect(() => cipher.decrypt(parts.join(':'))).toThrow(/failed authentication/);
  });

  it('rejects malformed ciphertexts', () => {
    const cipher = new SecretCipher(newKey());
    for (const bad of ['', 'plain secret', 'v2:aaaaaaaa:a:b:c', 'v1:aaaaaaaa:AAAA:AAAA:AAAA']) {
      expect(() => cipher.decrypt(bad)).toThrow(/malformed/);
    }
    expect(cipher.needsReencryption('plain secret')).toBe(true);
  });

  it('requires base64 keys of exactly 32 bytes', () => {
    expect(() => new SecretCipher(randomBytes(16).toString('base64'))).toThrow(
      'current encryption key must be base64 of exactly 32 bytes',
    );
    expect(() => new SecretCipher(randomBytes(33).toString('base64'))).toThrow(/exactly 32 bytes/);
    expect(() => new SecretCipher('not base64 at all!')).toThrow(/exactly 32 bytes/);
    expect(() => new SecretCipher(newKey(), [randomBytes(31).toString('base64')])).toThrow(
      'previous encryption key #0 must be base64 of exactly 32 bytes',
    );
  });

  it('accepts the current key repeated among the previous keys', () => {
    const key = newKey();
    const cipher = new SecretCipher(key, [key]);
    expect(cipher.decrypt(cipher.encrypt(secret))).toBe(secret);
  });
});
