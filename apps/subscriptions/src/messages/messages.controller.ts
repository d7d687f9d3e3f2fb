import { Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodBody, ZodParam, ZodQuery, ZodResponse } from '@app/http-kit';
import { type Context, RequestTrace } from '@app/tracing';
import { ApiController, CurrentCompany } from '../auth/auth.decorators';
import { type Page } from '../common/pagination';
import { emptyBodySchema, noQuerySchema, resourceIdParam } from '../common/request-schemas';
import { ReplayService } from '../replay/replay.service';
import {
  type ListMessagesQuery,
  listMessagesQuerySchema,
  type MessageJson,
  messageJsonSchema,
  messagePageSchema,
  type MessageSummaryJson,
} from './message.schemas';
import { MessagesService } from './messages.service';

@ApiController('messages', 'messages')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly replay: ReplayService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List messages, newest first' })
  @ZodResponse(200, messagePageSchema, 'One page')
  @ApiErrorResponses(400)
  list(
    @CurrentCompany() company: string,
    @ZodQuery(listMessagesQuerySchema) query: ListMessagesQuery,
  ): Promise<Page<MessageSummaryJson>> {
    return this.messages.list(company, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a message with its payload and every attempt' })
  @ZodResponse(200, messageJsonSchema, 'The message')
  @ApiErrorResponses(400, 404)
  get(
    @CurrentCompany() company: string,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(noQuerySchema) _query: object,
  ): Promise<MessageJson> {
    return this.messages.get(company, id);
  }

  @Post(':id/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deliver a message again (same id, redelivery: true)' })
  @ZodResponse(202, undefined, 'Sent again')
  @ApiErrorResponses(400, 404, 409, 413, 503)
  redeliver(
    @CurrentCompany() company: string,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(emptyBodySchema) _body: unknown,
    @RequestTrace() trace: Context,
  ): Promise<void> {
    return this.replay.redeliver(company, id, trace);
  }
}
