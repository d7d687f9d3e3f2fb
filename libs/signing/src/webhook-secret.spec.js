'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const node_crypto_1 = require('node:crypto');
const signing_1 = require('./');
const secretOf = (bytes) => 'whsec_' + (0, node_crypto_1.randomBytes)(bytes).toString('base64');
describe('webhook secrets', () => {
  it('generates whsec_ + base64 of 32 random bytes', () => {
    const secret = (0, signing_1.generateSecret)();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect((0, signing_1.parseSecret)(secret)).toHaveLength(32);
    expect((0, signing_1.generateSecret)()).not.toBe(secret);
  });
  it('accepts 24 to 64 bytes and returns the key bytes', () => {
    const key = (0, node_crypto_1.randomBytes)(24);
    expect((0, signing_1.parseSecret)('whsec_' + key.toString('base64'))).toEqual(key);
    expect((0, signing_1.isValidSecret)(secretOf(24))).toBe(true);
    expect((0, signing_1.isValidSecret)(secretOf(64))).toBe(true);
  });
  it('rejects too short and too long keys', () => {
    expect((0, signing_1.parseSecret)(secretOf(23))).toBeUndefined();
    expect((0, signing_1.parseSecret)(secretOf(65))).toBeUndefined();
  });
  it('rejects a wrong or missing prefix', () => {
    const body = (0, node_crypto_1.randomBytes)(32).toString('base64');
    expect((0, signing_1.isValidSecret)(body)).toBe(false);
    expect((0, signing_1.isValidSecret)('whsk_' + body)).toBe(false);
    expect((0, signing_1.isValidSecret)('WHSEC_' + body)).toBe(false);
  });
  it('rejects bad base64', () => {
    const valid = (0, signing_1.generateSecret)();
    expect((0, signing_1.isValidSecret)(valid.slice(0, -1))).toBe(false);
    expect((0, signing_1.isValidSecret)(valid.replace(/.(?==$)/, '!'))).toBe(false);
    expect((0, signing_1.isValidSecret)(valid + ' ')).toBe(false);
    expect(
      (0, signing_1.isValidSecret)(
        'whsec_' +
          (0, node_crypto_1.randomBytes)(32).toString('base64url').replace(/=+$/, '') +
          '-_',
      ),
    ).toBe(false);
    expect((0, signing_1.isValidSecret)('whsec_')).toBe(false);
    expect((0, signing_1.isValidSecret)('whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=')).toBe(
      false,
    );
  });
});
//# sourceMappingURL=webhook-secret.spec.js.map
