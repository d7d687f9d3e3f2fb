import { MAX_SECRETS, rotateSecrets } from './secret-rotation';

const now = new Date('2026-11-21T10:00:00.000Z');
const inSeconds = (seconds: number) => new Date(now.getTime() + seconds * 1_000).toISOString();

describe('rotateSecrets', () => {
  it('puts the new secret first, without expiry, and lets the current one sign for the grace period', () => {
    expect(rotateSecrets([{ ciphertext: 'old', expiresAt: null }], 'new', now, 3_600)).toEqual([
      { ciphertext: 'new', expiresAt: null },
      { ciphertext: 'old', expiresAt: inSeconds(3_600) },
    ]);
  });

  it('never extends an older secret past the expiry it already has', () => {
    const secrets = [
      { ciphertext: 'b', expiresAt: null },
      { ciphertext: 'a', expiresAt: inSeconds(600) },
    ];
    expect(rotateSecrets(secrets, 'c', now, 3_600)).toEqual([
      { ciphertext: 'c', expiresAt: null },
      { ciphertext: 'b', expiresAt: inSeconds(3_600) },
      { ciphertext: 'a', expiresAt: inSeconds(600) },
    ]);
    // A shorter grace period shortens every older secret.
    expect(rotateSecrets(secrets, 'c', now, 60)).toEqual([
      { ciphertext: 'c', expiresAt: null },
      { ciphertext: 'b', expiresAt: inSeconds(60) },
      { ciphertext: 'a', expiresAt: inSeconds(60) },
    ]);
  });

  it('prunes expired secrets, and with no grace period keeps only the new one', () => {
    const secrets = [
      { ciphertext: 'b', expiresAt: null },
      { ciphertext: 'a', expiresAt: inSeconds(-1) },
      { ciphertext: 'z', expiresAt: now.toISOString() },
    ];
    expect(rotateSecrets(secrets, 'c', now, 3_600)).toEqual([
      { ciphertext: 'c', expiresAt: null },
      { ciphertext: 'b', expiresAt: inSeconds(3_600) },
    ]);
    expect(rotateSecrets(secrets, 'c', now, 0)).toEqual([{ ciphertext: 'c', expiresAt: null }]);
  });

  it('drops an unreadable expiry rather than keeping it forever', () => {
    expect(rotateSecrets([{ ciphertext: 'a', expiresAt: 'soon' }], 'b', now, 60)).toEqual([
      { ciphertext: 'b', expiresAt: null },
    ]);
  });

  it(`keeps at most ${MAX_SECRETS} secrets, dropping the oldest`, () => {
    let secrets = [{ ciphertext: 's0', expiresAt: null as string | null }];
    for (let index = 1; index <= 15; index += 1) {
      secrets = rotateSecrets(secrets, `s${index}`, now, 86_400);
    }
    expect(secrets).toHaveLength(MAX_SECRETS);
    expect(secrets.map((secret) => secret.ciphertext)).toEqual([
      's15',
      's14',
      's13',
      's12',
      's11',
      's10',
      's9',
      's8',
      's7',
      's6',
    ]);
  });

  it('does not mutate its input', () => {
    const secrets = [{ ciphertext: 'a', expiresAt: null }];
    rotateSecrets(secrets, 'b', now, 60);
    expect(secrets).toEqual([{ ciphertext: 'a', expiresAt: null }]);
  });
});
