import { ApiKeyCache } from './api-key-cache';

describe('ApiKeyCache', () => {
  let now = 0;
  const clock = () => now;
  const acme = { id: 'key_1', companyId: 'acme' };

  beforeEach(() => {
    now = 1_000;
  });

  it('remembers a key for the TTL, then forgets it', () => {
    const cache = new ApiKeyCache(5_000, 10, clock);
    cache.remember(cache.begin(), 'h1', acme);
    now += 4_999;
    expect(cache.get('h1')).toEqual(acme);
    now += 1;
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('forgets every entry of a revoked key at once, and no other', () => {
    const cache = new ApiKeyCache(5_000, 10, clock);
    cache.remember(cache.begin(), 'h1', acme);
    cache.remember(cache.begin(), 'h2', { id: 'key_2', companyId: 'acme' });
    cache.forget('key_1');
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h2')).toEqual({ id: 'key_2', companyId: 'acme' });
  });

  it('ignores what a lookup started before a revocation found', () => {
    const cache = new ApiKeyCache(5_000, 10, clock);
    const ticket = cache.begin();
    cache.forget('key_1');
    cache.remember(ticket, 'h1', acme);
    expect(cache.get('h1')).toBeUndefined();
    cache.remember(cache.begin(), 'h1', acme);
    expect(cache.get('h1')).toEqual(acme);
  });

  it('drops the oldest entries beyond its size', () => {
    const cache = new ApiKeyCache(5_000, 2, clock);
    cache.remember(cache.begin(), 'h1', acme);
    cache.remember(cache.begin(), 'h2', { id: 'key_2', companyId: 'acme' });
    cache.remember(cache.begin(), 'h3', { id: 'key_3', companyId: 'acme' });
    expect(cache.size).toBe(2);
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h3')).toEqual({ id: 'key_3', companyId: 'acme' });
  });

  it('keeps nothing with a TTL of 0', () => {
    const cache = new ApiKeyCache(0, 10, clock);
    cache.remember(cache.begin(), 'h1', acme);
    expect(cache.get('h1')).toBeUndefined();
  });
});
