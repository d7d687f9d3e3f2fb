import { Get, Param } from '@nestjs/common';
import { ZodQuery } from '@app/http-kit';
import { ApiController, CurrentCompany } from '../auth/auth.decorators';
import { type Page } from '../common/pagination';
import {
  type ListMessagesQuery,
  listMessagesQuerySchema,
  type MessageJson,
  type MessageSummaryJson,
} from './message.schemas';
import { MessagesService } from './messages.service';

@ApiController('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

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
}
