import { type WebhookState } from '@app/contract';
import { SecretCipher } from '@app/signing';
import { SigningSecrets } from './signing-secrets';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const key = Buffer.alloc(32, 1).toString('base64');

function webhook(version: number, secrets: Array<[string, string | null]>, cipher: SecretCipher) {
  return {
    id: 'wh_1',
    company: 'acme',
    url: 'https://example.com',
    events: ['*'],
    enabled: true,
    version,
    updatedAt: new Date(NOW).toISOString(),
    secrets: secrets.map(([secret, expiresAt]) => ({
      ciphertext: cipher.encrypt(secret),
      expiresAt,
    })),
  } satisfies WebhookState;
}

describe('SigningSecrets', () => {
  it('decrypts once per webhook version and keeps only the secrets still signing', () => {
    const cipher = new SecretCipher(key, []);
    const decrypt = jest.spyOn(cipher, 'decrypt');
    const secrets = new SigningSecrets(cipher);
    const v1 = webhook(
      1,
      [
        ['whsec_new', null],
        ['whsec_old', new Date(NOW + 1_000).toISOString()],
      ],
      cipher,
    );

    expect(secrets.valid(v1, NOW)).toEqual(['whsec_new', 'whsec_old']);
    expect(secrets.valid(v1, NOW + 1_000)).toEqual(['whsec_new']);
    expect(decrypt).toHaveBeenCalledTimes(2);

    const v2 = webhook(2, [['whsec_rotated', null]], cipher);
    expect(secrets.valid(v2, NOW)).toEqual(['whsec_rotated']);
    expect(decrypt).toHaveBeenCalledTimes(3);
  });

  it('throws when a secret is under a key it does not have', () => {
    const other = new SecretCipher(Buffer.alloc(32, 2).toString('base64'), []);
    const secrets = new SigningSecrets(new SecretCipher(key, []));

    expect(() => secrets.valid(webhook(1, [['whsec_x', null]], other), NOW)).toThrow();
  });
});
