import { type Repository } from 'typeorm';
import { type ApiKeyEntity } from '../api-keys/api-key.entity';
import { generateApiKey, hashApiKey } from '../api-keys/api-key-token';
import { type PortalLinkEntity } from '../portal/portal-link.entity';
import { type PortalSessionEntity } from '../portal/portal-session.entity';
import { portalLinkTokens, portalSessionTokens } from '../portal/portal-tokens';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { ApiKeyCache } from './api-key-cache';
import { Authenticator } from './authenticator.service';

describe('Authenticator', () => {
  const key = generateApiKey();
  const sessionToken = portalSessionTokens.generate();
  const linkToken = portalLinkTokens.generate();
  const findOne = jest.fn(({ where }: { where: { keyHash: string } }) =>
    Promise.resolve(where.keyHash === hashApiKey(key) ? { id: 'key_1', companyId: 'acme' } : null),
  );
  const update = jest.fn(() => Promise.resolve({ affected: 1 }));
  const apiKeys = { findOne, update } as unknown as Repository<ApiKeyEntity>;
  // The where clauses (expiry, revocation) are the database's to apply; here: found or not.
  const findSession = jest.fn(({ where }: { where: { tokenHash: string } }) =>
    Promise.resolve(
      where.tokenHash === portalSessionTokens.hash(sessionToken)
        ? { id: 'ps_1', linkId: 'pl_1', link: { companyId: 'acme', readOnly: true } }
        : null,
    ),
  );
  const sessions = { findOne: findSession } as unknown as Repository<PortalSessionEntity>;
  const findLink = jest.fn(({ tokenHash }: { tokenHash: string }) =>
    Promise.resolve(
      tokenHash === portalLinkTokens.hash(linkToken)
        ? { id: 'pl_1', companyId: 'acme', readOnly: false }
        : null,
    ),
  );
  const links = { findOneBy: findLink } as unknown as Repository<PortalLinkEntity>;
  const config = { admin: { token: 'the-admin-token', generated: false } } as SubscriptionsConfig;
  let authenticator: Authenticator;
  let cache: ApiKeyCache;

  beforeEach(() => {
    jest.clearAllMocks();
    cache = new ApiKeyCache(5_000);
    authenticator = new Authenticator(config, apiKeys, sessions, links, cache);
  });

  it('recognises the admin token without touching the database', async () => {
    await expect(authenticator.authenticate('the-admin-token')).resolves.toEqual({ kind: 'admin' });
    await expect(authenticator.authenticate('the-admin-token ')).resolves.toBeUndefined();
    expect(findOne).not.toHaveBeenCalled();
  });

  it('looks API keys up by their SHA-256 and records their use at most once a minute', async () => {
    const company = { kind: 'company', companyId: 'acme', apiKeyId: 'key_1' };
    await expect(authenticator.authenticate(key)).resolves.toEqual(company);
    await expect(authenticator.authenticate(key)).resolves.toEqual(company);
    // The second came from the cache.
    expect(findOne).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledTimes(1);
  });

  it('looks a key up again once the cache has forgotten it (revoked)', async () => {
    await authenticator.authenticate(key);
    cache.forget('key_1');
    findOne.mockResolvedValueOnce(null);
    await expect(authenticator.authenticate(key)).resolves.toBeUndefined();
    expect(findOne).toHaveBeenCalledTimes(2);
  });

  it('does not remember a key whose lookup was overtaken by its revocation', async () => {
    let answer: (row: { id: string; companyId: string }) => void = () => undefined;
    findOne.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const racing = authenticator.authenticate(key);
    cache.forget('key_1');
    answer({ id: 'key_1', companyId: 'acme' });
    await racing;
    expect(cache.size).toBe(0);
  });

  it('rejects unknown keys, and tokens that are not keys without a lookup', async () => {
    await expect(authenticator.authenticate(generateApiKey())).resolves.toBeUndefined();
    expect(findOne).toHaveBeenCalledTimes(1);
    await expect(authenticator.authenticate('hsk_short')).resolves.toBeUndefined();
    await expect(authenticator.authenticate('')).resolves.toBeUndefined();
    await expect(authenticator.authenticate(`hsps_${'A'.repeat(42)}`)).resolves.toBeUndefined();
    expect(findOne).toHaveBeenCalledTimes(1);
    expect(findSession).not.toHaveBeenCalled();
    expect(findLink).not.toHaveBeenCalled();
  });

  it('resolves portal sessions to their link’s company and limits, looked up by SHA-256', async () => {
    await expect(authenticator.authenticate(sessionToken)).resolves.toEqual({
      kind: 'portal',
      companyId: 'acme',
      sessionId: 'ps_1',
      linkId: 'pl_1',
      readOnly: true,
    });
    const [query] = findSession.mock.calls[0] ?? [];
    expect(JSON.stringify(query)).not.toContain(sessionToken);
    await expect(
      authenticator.authenticate(portalSessionTokens.generate()),
    ).resolves.toBeUndefined();
    expect(findOne).not.toHaveBeenCalled();
  });

  it('resolves portal links to a principal that can only open a session', async () => {
    await expect(authenticator.authenticate(linkToken)).resolves.toEqual({
      kind: 'portal-link',
      companyId: 'acme',
      linkId: 'pl_1',
      readOnly: false,
    });
    await expect(authenticator.authenticate(portalLinkTokens.generate())).resolves.toBeUndefined();
    expect(findSession).not.toHaveBeenCalled();
  });
});
