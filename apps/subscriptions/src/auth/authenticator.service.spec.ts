import { type Repository } from 'typeorm';
import { type ApiKeyEntity } from '../api-keys/api-key.entity';
import { generateApiKey, hashApiKey } from '../api-keys/api-key-token';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { Authenticator } from './authenticator.service';

describe('Authenticator', () => {
  const key = generateApiKey();
  const findOne = jest.fn(({ where }: { where: { keyHash: string } }) =>
    Promise.resolve(where.keyHash === hashApiKey(key) ? { id: 'key_1', companyId: 'acme' } : null),
  );
  const update = jest.fn(() => Promise.resolve({ affected: 1 }));
  const repository = { findOne, update } as unknown as Repository<ApiKeyEntity>;
  const config = { admin: { token: 'the-admin-token', generated: false } } as SubscriptionsConfig;
  const authenticator = new Authenticator(config, repository);

  beforeEach(() => jest.clearAllMocks());

  it('recognises the admin token without touching the database', async () => {
    await expect(authenticator.authenticate('the-admin-token')).resolves.toEqual({ kind: 'admin' });
    await expect(authenticator.authenticate('the-admin-token ')).resolves.toBeUndefined();
    expect(findOne).not.toHaveBeenCalled();
  });

  it('looks API keys up by their SHA-256 and records their use at most once a minute', async () => {
    await expect(authenticator.authenticate(key)).resolves.toEqual({
      kind: 'company',
      companyId: 'acme',
      apiKeyId: 'key_1',
    });
    await authenticator.authenticate(key);
    expect(findOne).toHaveBeenCalledTimes(2);
    expect(update).toHaveBeenCalledTimes(1);
  });

  it('rejects unknown keys, and tokens that are not keys without a lookup', async () => {
    await expect(authenticator.authenticate(generateApiKey())).resolves.toBeUndefined();
    expect(findOne).toHaveBeenCalledTimes(1);
    await expect(authenticator.authenticate('hsk_short')).resolves.toBeUndefined();
    await expect(authenticator.authenticate('')).resolves.toBeUndefined();
    expect(findOne).toHaveBeenCalledTimes(1);
  });
});
