import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { APP_CONFIG } from '@app/config';
import { IsNull, type Repository } from 'typeorm';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { hashApiKey, looksLikeApiKey } from '../api-keys/api-key-token';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { type Principal } from './principal';

/** last_used_at is informational: write it at most this often per key. */
const TOUCH_INTERVAL_MS = 60_000;

/** Resolves a bearer token to a principal: the admin token, or an API key that is not revoked. */
@Injectable()
export class Authenticator {
  private readonly logger = new Logger(Authenticator.name);
  private readonly adminTokenDigest: Buffer;
  private readonly lastTouched = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) config: SubscriptionsConfig,
    @InjectRepository(ApiKeyEntity) private readonly apiKeys: Repository<ApiKeyEntity>,
  ) {
    this.adminTokenDigest = digest(config.admin.token);
  }

  async authenticate(token: string): Promise<Principal | undefined> {
    // Comparing digests keeps the comparison constant-time whatever the token's length.
    if (timingSafeEqual(digest(token), this.adminTokenDigest)) return { kind: 'admin' };
    if (!looksLikeApiKey(token)) return undefined;
    // Revocation takes effect at once: every request looks the key up (by its hash).
    const key = await this.apiKeys.findOne({
      select: { id: true, companyId: true },
      where: { keyHash: hashApiKey(token), revokedAt: IsNull() },
    });
    if (!key) return undefined;
    this.touch(key.id);
    return { kind: 'company', companyId: key.companyId, apiKeyId: key.id };
  }

  private touch(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.lastTouched.set(keyId, now);
    if (this.lastTouched.size > 10_000) this.lastTouched.clear();
    this.apiKeys.update({ id: keyId }, { lastUsedAt: new Date(now) }).catch((error: unknown) => {
      this.logger.warn(`could not record use of API key ${keyId}: ${String(error)}`);
    });
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
