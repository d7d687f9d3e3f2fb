import { Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodBody, ZodParam, ZodQuery, ZodResponse } from '@app/http-kit';
import { type Context, RequestTrace } from '@app/tracing';
import { ApiController, CurrentCompany } from '../auth/auth.decorators';
import { type Page } from '../common/pagination';
import { noQuerySchema, resourceIdParam } from '../common/request-schemas';
import { ReplayService } from '../replay/replay.service';
import {
  type CreatedWebhookJson,
  createdWebhookJsonSchema,
  type CreateWebhookBody,
  createWebhookBodySchema,
  type ListWebhooksQuery,
  listWebhooksQuerySchema,
  type RecoverBody,
  recoverBodySchema,
  recoveredJsonSchema,
  rotatedSecretJsonSchema,
  type RotateSecretBody,
  rotateSecretBodySchema,
  type UpdateWebhookBody,
  updateWebhookBodySchema,
  type WebhookJson,
  webhookJsonSchema,
  webhookPageSchema,
} from './webhook.schemas';
import { WebhooksService } from './webhooks.service';

@ApiController('webhooks', 'webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly replay: ReplayService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a webhook; the answer holds its secret, shown only now' })
  @ZodResponse(201, createdWebhookJsonSchema, 'Created and on hookstream.subscriptions')
  @ApiErrorResponses(400, 413, 503)
  create(
    @CurrentCompany() company: string,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(createWebhookBodySchema) body: CreateWebhookBody,
  ): Promise<CreatedWebhookJson> {
    return this.webhooks.create(company, body);
  }

  @Get()
  @ApiOperation({ summary: 'List webhooks, oldest first' })
  @ZodResponse(200, webhookPageSchema, 'One page')
  @ApiErrorResponses(400)
  list(
    @CurrentCompany() company: string,
    @ZodQuery(listWebhooksQuerySchema) query: ListWebhooksQuery,
  ): Promise<Page<WebhookJson>> {
    return this.webhooks.list(company, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a webhook (never its secret)' })
  @ZodResponse(200, webhookJsonSchema, 'The webhook')
  @ApiErrorResponses(400, 404)
  get(
    @CurrentCompany() company: string,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(noQuerySchema) _query: object,
  ): Promise<WebhookJson> {
    return this.webhooks.get(company, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a webhook; {"enabled": true} re-enables a disabled one' })
  @ZodResponse(200, webhookJsonSchema, 'The webhook as it is now, on hookstream.subscriptions')
  @ApiErrorResponses(400, 404, 413, 503)
  update(
    @CurrentCompany() company: string,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(updateWebhookBodySchema) body: UpdateWebhookBody,
  ): Promise<WebhookJson> {
    return this.webhooks.update(company, id, body);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the signing secret; older ones still sign for the grace period',
  })
  @ZodResponse(200, rotatedSecretJsonSchema, 'The new secret')
  @ApiErrorResponses(400, 404, 413, 503)
  rotateSecret(
    @CurrentCompany() company: string,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(rotateSecretBodySchema) body: RotateSecretBody,
  ): Promise<{ secret: string }> {
    return this.webhooks.rotateSecret(company, id, body);
  }

  @Post(':id/recover')
  @HttpCode(202)
  @ApiOperation({ summary: 'Redeliver the failed messages created since a time' })
  @ZodResponse(202, recoveredJsonSchema, 'Sent again')
  @ApiErrorResponses(400, 404, 409, 413, 503)
  recover(
    @CurrentCompany() company: string,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(recoverBodySchema) body: RecoverBody,
    @RequestTrace() trace: Context,
  ): Promise<{ count: number }> {
    return this.replay.recover(company, id, body.since, trace);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook' })
  @ZodResponse(204, undefined, 'Deleted; a tombstone is on hookstream.subscriptions')
  @ApiErrorResponses(400, 404, 503)
  remove(
    @CurrentCompany() company: string,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(noQuerySchema) _query: object,
  ): Promise<void> {
    return this.webhooks.remove(company, id);
  }
}
