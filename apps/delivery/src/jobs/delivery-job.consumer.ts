import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { type DeliveryJob } from '@app/contract';
import { type DecodedRecord, type StreamContext } from '@app/kafka';
import { DeliveryService } from './delivery.service';

/** The Kafka edge of delivery: one job at a time, from hookstream.deliveries and every retry tier. */
export const DELIVERY_JOB_STREAM = 'delivery.jobs';

@Controller()
export class DeliveryJobConsumer {
  constructor(private readonly delivery: DeliveryService) {}

  @EventPattern(DELIVERY_JOB_STREAM)
  async deliver(
    @Payload() record: DecodedRecord<DeliveryJob>,
    @Ctx() context: StreamContext,
  ): Promise<void> {
    await this.delivery.deliver(record, context);
  }
}
