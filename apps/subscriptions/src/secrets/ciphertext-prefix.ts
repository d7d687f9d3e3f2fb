import { type SecretCipher } from '@app/signing';

/**
 * The start of every ciphertext SecretCipher makes with its current key (`v1:<keyId>:`): lets
 * the database find rows still under an older key without decrypting anything. (The unit spec
 * checks it against SecretCipher's own `needsReencryption`.)
 */
export function currentCiphertextPrefix(cipher: SecretCipher): string {
  return `v1:${cipher.currentKeyId}:`;
}
