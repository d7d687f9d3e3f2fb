import { Get, HttpCode, Param, Post } from '@nestjs/common';
import { ZodQuery } from '@app/http-kit';
import { ApiController, CurrentCompany } from '../auth/auth.decorators';
import { type Page } from '../common/pagination';
import {
  type ListMessagesQuery,
  listMessagesQuerySchema,
  type MessageJson,
  type MessageSummaryJson,
} from './message.schemas';
import { ReplayService } from '../replay/replay.service';
import { MessagesService } from './messages.service';

@ApiController('messages')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly replay: ReplayService,
  ) {}

  @Get()
  list(
    @CurrentCompany() company: string,
    @ZodQuery(listMessagesQuerySchema) query: ListMessagesQuery,
  ): Promise<Page<MessageSummaryJson>> {
    return this.messages.list(company, query);
  }

  @Get(':id')
  get(@CurrentCompany() company: string, @Param('id') id: string): Promise<MessageJson> {
    return this.messages.get(company, id);
  }

  @Post(':id/redeliver')
  @HttpCode(202)
  redeliver(@CurrentCompany() company: string, @Param('id') id: string): Promise<void> {
    return this.replay.redeliver(company, id);
  }
}
