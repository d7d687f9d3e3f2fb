import { Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodBody, ZodParam, ZodQuery, ZodResponse } from '@app/http-kit';
import { AdminOnly, ApiController } from '../auth/auth.decorators';
import { type Page } from '../common/pagination';
import { companyIdParam, noQuerySchema, resourceIdParam } from '../common/request-schemas';
import {
  type ApiKeyJson,
  apiKeyPageSchema,
  type ListApiKeysQuery,
  listApiKeysQuerySchema,
  type CreateApiKeyBody,
  type CreatedApiKeyJson,
  createApiKeyBodySchema,
  createdApiKeyJsonSchema,
} from './api-key.schemas';
import { ApiKeysService } from './api-keys.service';

@ApiController('companies/:company/api-keys', 'companies (admin)')
@AdminOnly()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for a company (admin); the key is shown once' })
  @ZodResponse(201, createdApiKeyJsonSchema, 'Created')
  @ApiErrorResponses(400, 404, 409, 413)
  create(
    @ZodParam('company', companyIdParam) company: string,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(createApiKeyBodySchema) body: CreateApiKeyBody,
  ): Promise<CreatedApiKeyJson> {
    return this.apiKeys.create(company, body);
  }

  @Get()
  @ApiOperation({ summary: 'List a company’s API keys, oldest first (admin); never the keys' })
  @ZodResponse(200, apiKeyPageSchema, 'One page')
  @ApiErrorResponses(400, 404)
  list(
    @ZodParam('company', companyIdParam) company: string,
    @ZodQuery(listApiKeysQuerySchema) query: ListApiKeysQuery,
  ): Promise<Page<ApiKeyJson>> {
    return this.apiKeys.list(company, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (admin); it stops working at once' })
  @ZodResponse(204, undefined, 'Revoked')
  @ApiErrorResponses(400, 404)
  revoke(
    @ZodParam('company', companyIdParam) company: string,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(noQuerySchema) _query: object,
  ): Promise<void> {
    return this.apiKeys.revoke(company, id);
  }
}
