import { Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodParam, ZodQuery, ZodResponse } from '@app/http-kit';
import { ApiController, CurrentCompany } from '../auth/auth.decorators';
import { resourceIdParam } from '../common/request-schemas';
import {
  type WebhookStatsJson,
  webhookStatsJsonSchema,
  type WebhookStatsQuery,
  webhookStatsQuerySchema,
} from './webhook-stats.schemas';
import { WebhookStatsService } from './webhook-stats.service';

@ApiController('webhooks', 'webhooks')
export class WebhookStatsController {
  constructor(private readonly stats: WebhookStatsService) {}

  @Get(':id/stats')
  @ApiOperation({ summary: 'Endpoint health: attempts, success rate, latency, open messages' })
  @ZodResponse(200, webhookStatsJsonSchema, 'Stats of [since, until)')
  @ApiErrorResponses(400, 404)
  get(
    @CurrentCompany() company: string,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(webhookStatsQuerySchema) query: WebhookStatsQuery,
  ): Promise<WebhookStatsJson> {
    return this.stats.stats(company, id, query);
  }
}
