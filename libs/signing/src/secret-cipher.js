'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.SecretCipher = void 0;
const node_crypto_1 = require('node:crypto');
const base64_1 = require('./base64');
const FORMAT_VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
class SecretCipher {
  current;
  keys = new Map();
  constructor(currentKeyBase64, previousKeysBase64 = []) {
    this.current = this.addKey(currentKeyBase64, 'current encryption key');
    previousKeysBase64.forEach((key, index) =>
      this.addKey(key, `previous encryption key #${index}`),
    );
  }
  get currentKeyId() {
    return this.current.id;
  }
  encrypt(plaintext) {
    const iv = (0, node_crypto_1.randomBytes)(IV_BYTES);
    const cipher = (0, node_crypto_1.createCipheriv)(ALGORITHM, this.current.bytes, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(additionalData(this.current.id));
    const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      FORMAT_VERSION,
      this.current.id,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      encrypted.toString('base64url'),
    ].join(':');
  }
  decrypt(ciphertext) {
    const parsed = parse(ciphertext);
    const key = this.keys.get(parsed.keyId);
    if (!key) throw new Error(`secret was encrypted with unknown key ${parsed.keyId}`);
    const decipher = (0, node_crypto_1.createDecipheriv)(ALGORITHM, key.bytes, parsed.iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(additionalData(key.id));
    decipher.setAuthTag(parsed.tag);
    try {
      return Buffer.concat([decipher.update(parsed.data), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(
        `secret encrypted with key ${key.id} failed authentication (tampered or corrupted)`,
      );
    }
  }
  needsReencryption(ciphertext) {
    return !ciphertext.startsWith(`${FORMAT_VERSION}:${this.current.id}:`);
  }
  addKey(keyBase64, label) {
    const bytes = (0, base64_1.decodeStrictBase64)(keyBase64);
    if (!bytes || bytes.length !== KEY_BYTES) {
      throw new Error(`${label} must be base64 of exactly ${KEY_BYTES} bytes`);
    }
    const id = keyId(bytes);
    const existing = this.keys.get(id);
    if (existing && !existing.bytes.equals(bytes)) {
      throw new Error(`${label} has the same key id ${id} as another key; generate a new key`);
    }
    const key = existing ?? { id, bytes };
    this.keys.set(id, key);
    return key;
  }
}
exports.SecretCipher = SecretCipher;
function keyId(key) {
  return (0, node_crypto_1.createHash)('sha256').update(key).digest('hex').slice(0, 8);
}
function additionalData(keyId) {
  return Buffer.from(`${FORMAT_VERSION}:${keyId}`, 'utf8');
}
function parse(ciphertext) {
  const parts = ciphertext.split(':');
  const [version, keyId, iv, tag, data] = parts;
  if (
    parts.length !== 5 ||
    version !== FORMAT_VERSION ||
    !/^[0-9a-f]{8}$/.test(keyId) ||
    ![iv, tag, data].every((part) => BASE64URL.test(part))
  ) {
    throw new Error(
      `encrypted secret is malformed (expected ${FORMAT_VERSION}:<keyId>:<iv>:<tag>:<data>)`,
    );
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new Error('encrypted secret is malformed (bad iv or tag length)');
  }
  return { keyId, iv: ivBytes, tag: tagBytes, data: Buffer.from(data, 'base64url') };
}
//# sourceMappingURL=secret-cipher.js.map
