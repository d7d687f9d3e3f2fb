import { HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { MAX_EVENT_BYTES, type PublishEventBody, publishEventBodySchema } from '@app/contract';
import { ApiErrorResponses, ZodBody, ZodQuery, ZodResponse } from '@app/http-kit';
import { type Context, RequestTrace } from '@app/tracing';
import { z } from 'zod';
import { ApiController, ApiKeyOnly, CurrentCompany } from '../auth/auth.decorators';
import { noQuerySchema } from '../common/request-schemas';
import { EventsService } from './events.service';

/** The route's own body limit (the rest of the API takes 1 MiB): events become Kafka records. */
export const EVENTS_BODY_LIMIT = MAX_EVENT_BYTES;

const publishedEventSchema = z.object({ id: z.string() }).meta({ title: 'PublishedEvent' });

// Producers publish events; a portal session (a company's customer) must not forge them.
@ApiController('events', 'events')
@ApiKeyOnly()
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Publish an event for the key’s company',
    description: `The input event without \`company\`. At most ${EVENTS_BODY_LIMIT} bytes (413 otherwise). Answers once the event is on hookstream.events.`,
  })
  @ZodResponse(202, publishedEventSchema, 'On Kafka')
  @ApiErrorResponses(400, 413, 503)
  publish(
    @CurrentCompany() company: string,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(publishEventBodySchema) body: PublishEventBody,
    @RequestTrace() trace: Context,
  ): Promise<{ id: string }> {
    return this.events.publish(company, body, trace);
  }
}
