import { Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ZodBody } from '@app/http-kit';
import { AdminOnly, ApiController } from '../auth/auth.decorators';
import {
  type CreateApiKeyBody,
  type CreatedApiKeyJson,
  createApiKeyBodySchema,
} from './api-key.schemas';
import { ApiKeysService } from './api-keys.service';

@ApiController('companies/:company/api-keys')
@AdminOnly()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  create(
    @Param('company') company: string,
    @ZodBody(createApiKeyBodySchema) body: CreateApiKeyBody,
  ): Promise<CreatedApiKeyJson> {
    return this.apiKeys.create(company, body);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('company') company: string, @Param('id') id: string): Promise<void> {
    return this.apiKeys.revoke(company, id);
  }
}
