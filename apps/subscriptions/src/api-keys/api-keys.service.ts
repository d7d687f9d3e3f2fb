import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError } from '@app/http-kit';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { ApiKeyCache } from '../auth/api-key-cache';
import { CompaniesService } from '../companies/companies.service';
import { encodeIdCursor } from '../common/cursor';
import { isId, newId } from '../common/ids';
import { type Page, toPage } from '../common/pagination';
import {
  type ApiKeyJson,
  type CreateApiKeyBody,
  type CreatedApiKeyJson,
  type ListApiKeysQuery,
} from './api-key.schemas';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key-token';
import { ApiKeyEntity } from './api-key.entity';

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKeyEntity) private readonly apiKeys: Repository<ApiKeyEntity>,
    private readonly companies: CompaniesService,
    private readonly authCache: ApiKeyCache,
  ) {}

  async create(companyId: string, { name }: CreateApiKeyBody): Promise<CreatedApiKeyJson> {
    await this.companies.assertExists(companyId);
    const key = generateApiKey();
    const entity = this.apiKeys.create({
      id: newId('key'),
      companyId,
      name,
      keyHash: hashApiKey(key),
      keyPrefix: displayPrefix(key),
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    });
    await this.apiKeys.insert(entity);
    return { id: entity.id, name: entity.name, key, createdAt: entity.createdAt.toISOString() };
  }

  /** Oldest first, revoked ones included (with when). */
  async list(companyId: string, { limit, cursor }: ListApiKeysQuery): Promise<Page<ApiKeyJson>> {
    await this.companies.assertExists(companyId);
    const rows = await this.apiKeys.find({
      where: { companyId, ...(cursor ? { id: MoreThan(cursor) } : {}) },
      order: { id: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, toApiKeyJson, (row) => encodeIdCursor(row.id));
  }

  /**
   * Revokes a key: it stops working at once on this replica (its cached entry is dropped), on
   * the others once their entry expires (API_KEY_CACHE_TTL).
   */
  async revoke(companyId: string, id: string): Promise<void> {
    const result = isId('key', id)
      ? await this.apiKeys.update({ id, companyId, revokedAt: IsNull() }, { revokedAt: new Date() })
      : { affected: 0 };
    // Also when nothing changed: a lookup racing an earlier revocation must not be remembered.
    if (isId('key', id)) this.authCache.forget(id);
    if (!result.affected) throw ApiError.notFound('API key');
  }
}

function toApiKeyJson(key: ApiKeyEntity): ApiKeyJson {
  return {
    id: key.id,
    name: key.name,
    prefix: key.keyPrefix,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
