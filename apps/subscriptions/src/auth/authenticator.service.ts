import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { APP_CONFIG } from '@app/config';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { hashApiKey, looksLikeApiKey } from '../api-keys/api-key-token';
import { PortalLinkEntity } from '../portal/portal-link.entity';
import { PortalSessionEntity } from '../portal/portal-session.entity';
import { portalLinkTokens, portalSessionTokens } from '../portal/portal-tokens';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { ApiKeyCache } from './api-key-cache';
import { type Principal } from './principal';

/** last_used_at is informational: write it at most this often per key. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Resolves a bearer token to a principal: the admin token, an API key that is not revoked, or
 * a portal session or link whose link has neither expired nor been revoked. Each is looked up by
 * its SHA-256; portal sessions and links on every request, API keys through ApiKeyCache (a
 * revocation is seen at once by this process, by other replicas within API_KEY_CACHE_TTL).
 */
@Injectable()
export class Authenticator {
  private readonly logger = new Logger(Authenticator.name);
  private readonly adminTokenDigest: Buffer;
  private readonly lastTouched = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) config: SubscriptionsConfig,
    @InjectRepository(ApiKeyEntity) private readonly apiKeys: Repository<ApiKeyEntity>,
    @InjectRepository(PortalSessionEntity)
    private readonly portalSessions: Repository<PortalSessionEntity>,
    @InjectRepository(PortalLinkEntity) private readonly portalLinks: Repository<PortalLinkEntity>,
    private readonly apiKeyCache: ApiKeyCache,
  ) {
    this.adminTokenDigest = digest(config.admin.token);
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    // Comparing digests keeps the comparison constant-time whatever the token's length.
    if (timingSafeEqual(digest(token), this.adminTokenDigest)) return { kind: 'admin' };
    if (looksLikeApiKey(token)) return this.apiKey(token);
    if (portalSessionTokens.looksLike(token)) return this.portalSession(token);
    if (portalLinkTokens.looksLike(token)) return this.portalLink(token);
    return undefined;
  }

  private async apiKey(token: string): Promise<Principal | undefined> {
    const keyHash = hashApiKey(token);
    let key = this.apiKeyCache.get(keyHash);
    if (!key) {
      const ticket = this.apiKeyCache.begin();
      const found = await this.apiKeys.findOne({
        select: { id: true, companyId: true },
        where: { keyHash, revokedAt: IsNull() },
      });
      if (!found) return undefined;
      key = { id: found.id, companyId: found.companyId };
      this.apiKeyCache.remember(ticket, keyHash, key);
    }
    this.touch(key.id);
    return { kind: 'company', companyId: key.companyId, apiKeyId: key.id };
  }

  private async portalSession(token: string): Promise<Principal | undefined> {
    const now = new Date();
    const session = await this.portalSessions.findOne({
      relations: { link: true },
      where: {
        tokenHash: portalSessionTokens.hash(token),
        expiresAt: MoreThan(now),
        link: { revokedAt: IsNull(), expiresAt: MoreThan(now) },
      },
    });
    if (!session?.link) return undefined;
    return {
      kind: 'portal',
      companyId: session.link.companyId,
      sessionId: session.id,
      linkId: session.linkId,
      readOnly: session.link.readOnly,
    };
  }

  private async portalLink(token: string): Promise<Principal | undefined> {
    const link = await this.portalLinks.findOneBy({
      tokenHash: portalLinkTokens.hash(token),
      revokedAt: IsNull(),
      expiresAt: MoreThan(new Date()),
    });
    if (!link) return undefined;
    return {
      kind: 'portal-link',
      companyId: link.companyId,
      linkId: link.id,
      readOnly: link.readOnly,
    };
  }

  private touch(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.lastTouched.set(keyId, now);
    if (this.lastTouched.size > 10_000) this.lastTouched.clear();
    this.apiKeys.update({ id: keyId }, { lastUsedAt: new Date(now) }).catch((error: unknown) => {
      this.logger.warn({ msg: 'could not record use of an API key', apiKeyId: keyId, err: error });
    });
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
