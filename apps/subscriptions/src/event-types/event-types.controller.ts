import { Get, Patch, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodBody, ZodParam, ZodQuery, ZodResponse } from '@app/http-kit';
import { AdminOnly, AnyPrincipal, ApiController } from '../auth/auth.decorators';
import { noQuerySchema } from '../common/request-schemas';
import {
  type CreateEventTypeBody,
  createEventTypeBodySchema,
  type EventTypeJson,
  eventTypeJsonSchema,
  type EventTypeList,
  eventTypeListSchema,
  eventTypeNameField,
  type UpdateEventTypeBody,
  updateEventTypeBodySchema,
} from './event-type.schemas';
import { EventTypesService } from './event-types.service';

@ApiController('event-types', 'event types')
export class EventTypesController {
  constructor(private readonly eventTypes: EventTypesService) {}

  @Get()
  @AnyPrincipal()
  @ApiOperation({
    summary: 'The event type catalog (API key or admin token)',
    description:
      'Documentation of the types producers emit, for UIs to offer. Not a closed list: webhooks ' +
      'may subscribe to any syntactically valid type or wildcard, and events of types missing ' +
      'here are delivered like any other. Deprecated types are still delivered.',
  })
  @ZodResponse(200, eventTypeListSchema, 'Every type, by name')
  @ApiErrorResponses(400)
  list(@ZodQuery(noQuerySchema) _query: object): Promise<EventTypeList> {
    return this.eventTypes.list();
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Add an event type to the catalog (admin)' })
  @ZodResponse(201, eventTypeJsonSchema, 'Added')
  @ApiErrorResponses(400, 409, 413)
  create(@ZodBody(createEventTypeBodySchema) body: CreateEventTypeBody): Promise<EventTypeJson> {
    return this.eventTypes.create(body);
  }

  @Patch(':name')
  @AdminOnly()
  @ApiOperation({ summary: 'Deprecate an event type or change its description (admin)' })
  @ZodResponse(200, eventTypeJsonSchema, 'The event type as it is now')
  @ApiErrorResponses(400, 404, 409, 413)
  update(
    @ZodParam('name', eventTypeNameField) name: string,
    @ZodBody(updateEventTypeBodySchema) body: UpdateEventTypeBody,
  ): Promise<EventTypeJson> {
    return this.eventTypes.update(name, body);
  }
}
