import { Delete, Get, HttpCode, Put, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodBody, ZodQuery, ZodResponse } from '@app/http-kit';
import { ApiController, CurrentCompany } from '../auth/auth.decorators';
import { noQuerySchema } from '../common/request-schemas';
import {
  createdOperationalWebhookJsonSchema,
  type CreatedOperationalWebhookJson,
  type OperationalWebhookJson,
  operationalWebhookJsonSchema,
  type PutOperationalWebhookBody,
  putOperationalWebhookBodySchema,
} from './operational-webhook.schemas';
import { OperationalWebhookService } from './operational-webhook.service';

/** The part of the (express) response this controller touches. */
interface StatusSettable {
  status(code: number): unknown;
}

@ApiController('operational-webhook', 'operational-webhook')
export class OperationalWebhookController {
  constructor(private readonly operationalWebhook: OperationalWebhookService) {}

  @Put()
  @ApiOperation({
    summary: 'Send operational events (webhook.disabled, message.dead_lettered) to this URL',
  })
  @ZodResponse(201, createdOperationalWebhookJsonSchema, 'Created; the secret is shown only now')
  @ZodResponse(200, operationalWebhookJsonSchema, 'Now pointing at the URL')
  @ApiErrorResponses(400, 413, 503)
  async put(
    @CurrentCompany() company: string,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(putOperationalWebhookBodySchema) body: PutOperationalWebhookBody,
    @Res({ passthrough: true }) response: StatusSettable,
  ): Promise<OperationalWebhookJson | CreatedOperationalWebhookJson> {
    const { created, json } = await this.operationalWebhook.put(company, body.url);
    response.status(created ? 201 : 200);
    return json;
  }

  @Get()
  @ApiOperation({ summary: 'The operational webhook (never its secret)' })
  @ZodResponse(200, operationalWebhookJsonSchema, 'The operational webhook')
  @ApiErrorResponses(400, 404)
  get(
    @CurrentCompany() company: string,
    @ZodQuery(noQuerySchema) _query: object,
  ): Promise<OperationalWebhookJson> {
    return this.operationalWebhook.get(company);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop sending operational events to a URL' })
  @ZodResponse(204, undefined, 'Removed')
  @ApiErrorResponses(400, 404, 503)
  remove(
    @CurrentCompany() company: string,
    @ZodQuery(noQuerySchema) _query: object,
  ): Promise<void> {
    return this.operationalWebhook.remove(company);
  }
}
