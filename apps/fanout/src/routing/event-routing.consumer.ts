import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type InputEvent } from '@app/contract';
import { type DecodedBatch } from '@app/kafka';
import { EventRoutingService } from './event-routing.service';

/** The Kafka edge of fan-out: batches of valid hookstream.events records. */
export const EVENT_STREAM = 'fanout.events';

@Controller()
export class EventRoutingConsumer {
  constructor(private readonly routing: EventRoutingService) {}

  @EventPattern(EVENT_STREAM)
  async route(@Payload() batch: DecodedBatch<InputEvent>): Promise<void> {
    await this.routing.route(batch.records);
  }
}
