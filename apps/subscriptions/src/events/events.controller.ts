import { HttpCode, Post } from '@nestjs/common';
import { type PublishEventBody, publishEventBodySchema } from '@app/contract';
import { ZodBody } from '@app/http-kit';
import { ApiController, CurrentCompany } from '../auth/auth.decorators';
import { EventsService } from './events.service';

@ApiController('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(202)
  publish(
    @CurrentCompany() company: string,
    @ZodBody(publishEventBodySchema) body: PublishEventBody,
  ): Promise<{ id: string }> {
    return this.events.publish(company, body);
  }
}
