import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ConsumedBatch } from '@app/kafka';
import { EventRoutingService } from './event-routing.service';

/** The Kafka edge of fan-out: batches of hookstream.events. */
export const EVENT_STREAM = 'fanout.events';

@Controller()
export class EventRoutingConsumer {
  constructor(private readonly routing: EventRoutingService) {}

  @EventPattern(EVENT_STREAM)
  async route(@Payload() batch: ConsumedBatch): Promise<void> {
    await this.routing.route(batch);
  }
}
