/** What authentication needs of an API key that is not revoked. */
export interface CachedApiKey {
  id: string;
  companyId: string;
}

interface Entry {
  key: CachedApiKey;
  expiresAt: number;
}

/** Beyond this many keys the oldest entries go first (a map keeps insertion order). */
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * The API keys this process found valid in the last `ttlMs`, by key hash: a producer publishing
 * thousands of events a second would otherwise cost a database round trip per request (about a
 * tenth of the API's CPU, measured). Only hits are kept; an unknown key is looked up every time.
 *
 * A revocation made through this process is seen at once (`forget`); one made through another
 * replica within `ttlMs` (ADR 0070).
 *
 * A lookup that started before a `forget` must not put the key back afterwards: `begin()` hands
 * out a ticket, and `remember` ignores tickets older than the last `forget`.
 */
export class ApiKeyCache {
  private readonly byHash = new Map<string, Entry>();
  private forgets = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  get(keyHash: string): CachedApiKey | undefined {
    const entry = this.byHash.get(keyHash);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.key;
    this.byHash.delete(keyHash);
    return undefined;
  }

  /** A ticket for a lookup about to start, to give to `remember` with its result. */
  begin(): number {
    return this.forgets;
  }

  remember(ticket: number, keyHash: string, key: CachedApiKey): void {
    if (this.ttlMs <= 0 || ticket !== this.forgets) return;
    this.byHash.delete(keyHash);
    this.byHash.set(keyHash, { key, expiresAt: this.now() + this.ttlMs });
    if (this.byHash.size > this.maxEntries) {
      const oldest = this.byHash.keys().next();
      if (!oldest.done) this.byHash.delete(oldest.value);
    }
  }

  /** Drops a key (revoked), and what lookups in flight would have remembered. */
  forget(keyId: string): void {
    this.forgets += 1;
    for (const [hash, entry] of this.byHash) {
      if (entry.key.id === keyId) this.byHash.delete(hash);
    }
  }

  get size(): number {
    return this.byHash.size;
  }
}
