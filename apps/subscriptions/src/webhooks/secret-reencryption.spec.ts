import { SecretCipher } from '@app/signing';
import { currentCiphertextPrefix } from '../secrets/ciphertext-prefix';
import { reencryptSecrets } from './secret-reencryption';

const keyA = Buffer.alloc(32, 1).toString('base64');
const keyB = Buffer.alloc(32, 2).toString('base64');

describe('secret re-encryption', () => {
  const oldCipher = new SecretCipher(keyA);
  const newCipher = new SecretCipher(keyB, [keyA]);

  it('names the prefix of ciphertexts made with the current key', () => {
    const ciphertext = newCipher.encrypt('whsec_x');
    expect(ciphertext.startsWith(currentCiphertextPrefix(newCipher))).toBe(true);
    expect(oldCipher.encrypt('whsec_x').startsWith(currentCiphertextPrefix(newCipher))).toBe(false);
    expect(newCipher.needsReencryption(`${currentCiphertextPrefix(newCipher)}abc`)).toBe(false);
  });

  it('re-encrypts only what an older key made, keeping expiries and order', () => {
    const current = { ciphertext: newCipher.encrypt('whsec_new'), expiresAt: null };
    const old = {
      ciphertext: oldCipher.encrypt('whsec_old'),
      expiresAt: '2030-01-01T00:00:00.000Z',
    };
    const { secrets, changed } = reencryptSecrets([current, old], newCipher);
    expect(changed).toBe(1);
    expect(secrets[0]).toBe(current);
    expect(secrets[1]?.expiresAt).toBe(old.expiresAt);
    expect(newCipher.needsReencryption(secrets[1]!.ciphertext)).toBe(false);
    expect(newCipher.decrypt(secrets[1]!.ciphertext)).toBe('whsec_old');
    expect(reencryptSecrets(secrets, newCipher).changed).toBe(0);
  });

  it('fails loudly on a ciphertext whose key is not configured', () => {
    const stranger = new SecretCipher(Buffer.alloc(32, 3).toString('base64'));
    expect(() =>
      reencryptSecrets([{ ciphertext: stranger.encrypt('x'), expiresAt: null }], newCipher),
    ).toThrow(/unknown key/);
  });
});
