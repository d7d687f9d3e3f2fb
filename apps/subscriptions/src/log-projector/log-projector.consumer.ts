import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  type AttemptRecord,
  attemptRecordSchema,
  type DeliveryJob,
  deliveryJobSchema,
  Topics,
} from '@app/contract';
import { type DecodedBatch, type KafkaStreamServerOptions, RecordDecoder } from '@app/kafka';
import { LogProjectorService } from './log-projector.service';

/** The Kafka edge of the message log: batches of jobs and of attempt results. */
export const LOG_DELIVERIES_STREAM = 'log-projector.deliveries';
export const LOG_ATTEMPTS_STREAM = 'log-projector.attempts';

/**
 * The log is read after the fact, not on the delivery path: a fetch waits up to 200 ms for
 * 256 KiB, so a burst is written in a few large transactions instead of one per small fetch.
 */
const LOG_FETCH = { minBytes: 256 * 1024, maxWaitMs: 200 };

/** The KafkaStreamServer streams feeding this consumer. */
export const logProjectorStreams: KafkaStreamServerOptions['streams'] = {
  [LOG_DELIVERIES_STREAM]: {
    mode: 'batch',
    groupId: 'hookstream-log-projector-deliveries',
    topics: [Topics.deliveries],
    decoder: RecordDecoder.json(deliveryJobSchema),
    // Hookstream wrote these; one it cannot read must not stop the log (delivery dead-letters it).
    invalidRecords: 'skip',
    fetch: LOG_FETCH,
  },
  [LOG_ATTEMPTS_STREAM]: {
    mode: 'batch',
    groupId: 'hookstream-log-projector-attempts',
    topics: [Topics.attempts],
    decoder: RecordDecoder.json(attemptRecordSchema),
    invalidRecords: 'skip',
    fetch: LOG_FETCH,
  },
};

@Controller()
export class LogProjectorConsumer {
  constructor(private readonly projector: LogProjectorService) {}

  @EventPattern(LOG_DELIVERIES_STREAM)
  async deliveries(@Payload() batch: DecodedBatch<DeliveryJob>): Promise<void> {
    await this.projector.projectDeliveries(batch.records);
  }

  @EventPattern(LOG_ATTEMPTS_STREAM)
  async attempts(@Payload() batch: DecodedBatch<AttemptRecord>): Promise<void> {
    await this.projector.projectAttempts(batch.records);
  }
}
