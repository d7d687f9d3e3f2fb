import { Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ZodBody, ZodQuery } from '@app/http-kit';
import { ApiController, CurrentCompany } from '../auth/auth.decorators';
import { type Page } from '../common/pagination';
import { ReplayService } from '../replay/replay.service';
import {
  type CreatedWebhookJson,
  type CreateWebhookBody,
  createWebhookBodySchema,
  type ListWebhooksQuery,
  listWebhooksQuerySchema,
  type RecoverBody,
  recoverBodySchema,
  type RotateSecretBody,
  rotateSecretBodySchema,
  type UpdateWebhookBody,
  updateWebhookBodySchema,
  type WebhookJson,
} from './webhook.schemas';
import { WebhooksService } from './webhooks.service';

@ApiController('webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly replay: ReplayService,
  ) {}

  @Post()
  create(
    @CurrentCompany() company: string,
    @ZodBody(createWebhookBodySchema) body: CreateWebhookBody,
  ): Promise<CreatedWebhookJson> {
    return this.webhooks.create(company, body);
  }

  @Get()
  list(
    @CurrentCompany() company: string,
    @ZodQuery(listWebhooksQuerySchema) query: ListWebhooksQuery,
  ): Promise<Page<WebhookJson>> {
    return this.webhooks.list(company, query);
  }

  @Get(':id')
  get(@CurrentCompany() company: string, @Param('id') id: string): Promise<WebhookJson> {
    return this.webhooks.get(company, id);
  }

  @Patch(':id')
  update(
    @CurrentCompany() company: string,
    @Param('id') id: string,
    @ZodBody(updateWebhookBodySchema) body: UpdateWebhookBody,
  ): Promise<WebhookJson> {
    return this.webhooks.update(company, id, body);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotateSecret(
    @CurrentCompany() company: string,
    @Param('id') id: string,
    @ZodBody(rotateSecretBodySchema) body: RotateSecretBody,
  ): Promise<{ secret: string }> {
    return this.webhooks.rotateSecret(company, id, body);
  }

  @Post(':id/recover')
  @HttpCode(202)
  recover(
    @CurrentCompany() company: string,
    @Param('id') id: string,
    @ZodBody(recoverBodySchema) body: RecoverBody,
  ): Promise<{ count: number }> {
    return this.replay.recover(company, id, body.since);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentCompany() company: string, @Param('id') id: string): Promise<void> {
    return this.webhooks.remove(company, id);
  }
}
