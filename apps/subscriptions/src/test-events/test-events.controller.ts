import { HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodBody, ZodParam, ZodQuery, ZodResponse } from '@app/http-kit';
import { type Context, RequestTrace } from '@app/tracing';
import { ApiController, CurrentCompany } from '../auth/auth.decorators';
import { noQuerySchema, resourceIdParam } from '../common/request-schemas';
import {
  type SendTestEventBody,
  sendTestEventBodySchema,
  type SentTestEventJson,
  sentTestEventJsonSchema,
} from './test-event.schemas';
import { TestEventsService } from './test-events.service';

@ApiController('webhooks', 'webhooks')
export class TestEventsController {
  constructor(private readonly testEvents: TestEventsService) {}

  @Post(':id/test-event')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a test event to this webhook only',
    description:
      'Delivered, signed, retried and logged like any message, whatever the webhook’s filters. ' +
      'The webhook must be enabled (409 webhook_disabled).',
  })
  @ZodResponse(202, sentTestEventJsonSchema, 'On its way (on hookstream.deliveries)')
  @ApiErrorResponses(400, 404, 409, 413, 503)
  send(
    @CurrentCompany() company: string,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(sendTestEventBodySchema) body: SendTestEventBody,
    @RequestTrace() trace: Context,
  ): Promise<SentTestEventJson> {
    return this.testEvents.send(company, id, body, trace);
  }
}
