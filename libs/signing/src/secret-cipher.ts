import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { decodeStrictBase64 } from './base64';

const FORMAT_VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

interface CipherKey {
  id: string;
  bytes: Buffer;
}

/**
 * Encrypts webhook secrets at rest (database rows and `hookstream.subscriptions` records) with
 * AES-256-GCM. The output names the key it was made with, so the key can be rotated: configure
 * the new key as current and the old ones as previous, and old ciphertexts still decrypt until
 * they are re-encrypted.
 */
export class SecretCipher {
  private readonly current: CipherKey;
  private readonly keys = new Map<string, CipherKey>();

  constructor(currentKeyBase64: string, previousKeysBase64: string[] = []) {
    this.current = this.addKey(currentKeyBase64, 'current encryption key');
    previousKeysBase64.forEach((key, index) =>
      this.addKey(key, `previous encryption key #${index}`),
    );
  }

  /** Id of the current key: what `encrypt` writes into its output. */
  get currentKeyId(): string {
    return this.current.id;
  }

  /** `v1:<keyId>:<iv>:<tag>:<ciphertext>`, the last three base64url. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current.bytes, iv, { authTagLength: TAG_BYTES });
    // Binding version and key id means a ciphertext cannot be relabelled to another key unnoticed.
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

  decrypt(ciphertext: string): string {
    const parsed = parse(ciphertext);
    const key = this.keys.get(parsed.keyId);
    if (!key) throw new Error(`secret was encrypted with unknown key ${parsed.keyId}`);
    const decipher = createDecipheriv(ALGORITHM, key.bytes, parsed.iv, {
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

  /** True when the ciphertext was not made with the current key (or is not one of ours at all). */
  needsReencryption(ciphertext: string): boolean {
    return !ciphertext.startsWith(`${FORMAT_VERSION}:${this.current.id}:`);
  }

  private addKey(keyBase64: string, label: string): CipherKey {
    const bytes = decodeStrictBase64(keyBase64);
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

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function additionalData(keyId: string): Buffer {
  return Buffer.from(`${FORMAT_VERSION}:${keyId}`, 'utf8');
}

function parse(ciphertext: string): { keyId: string; iv: Buffer; tag: Buffer; data: Buffer } {
  const parts = ciphertext.split(':');
  const [version, keyId, iv, tag, data] = parts;
  if (
    parts.length !== 5 ||
    version !== FORMAT_VERSION ||
    keyId === undefined ||
    !/^[0-9a-f]{8}$/.test(keyId) ||
    iv === undefined ||
    tag === undefined ||
    data === undefined ||
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
