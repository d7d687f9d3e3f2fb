import { Injectable, Logger } from '@nestjs/common';
import { type DeliveryJob, Topics } from '@app/contract';
import { ApiError } from '@app/http-kit';
import { KafkaProducer } from '@app/kafka';
import {
  type Context,
  inStep,
  kafkaAttributes,
  SpanKind,
  SpanNames,
  traceHeaders,
} from '@app/tracing';
import { PUBLISH_WAIT_MS, settleWithin } from '../common/settle-within';

const PUBLISH_JOBS = {
  kind: SpanKind.PRODUCER,
  attributes: kafkaAttributes(Topics.deliveries, 'send'),
};

/**
 * Produces delivery jobs straight to hookstream.deliveries (key = webhook id), for the jobs the
 * API makes itself rather than fan-out: redeliveries and test events.
 */
@Injectable()
export class DeliveryJobProducer {
  private readonly logger = new Logger(DeliveryJobProducer.name);

  constructor(private readonly producer: KafkaProducer) {}

  /**
   * Resolves once Kafka acknowledged every job (acks = all); 503 `publish_failed` otherwise.
   * The jobs continue the request's trace (`trace`), through one producer span.
   */
  async produce(jobs: DeliveryJob[], trace: Context): Promise<void> {
    await inStep(SpanNames.publishJobs, PUBLISH_JOBS, trace, (step) =>
      this.send(jobs, traceHeaders(step.context)),
    );
  }

  private async send(jobs: DeliveryJob[], headers: Record<string, string>): Promise<void> {
    const records = jobs.map((job) => ({
      key: job.webhookId,
      value: Buffer.from(JSON.stringify(job), 'utf8'),
      headers,
    }));
    // One send: the producer splits it into requests under the broker's size limit, in order.
    const result = await settleWithin(
      this.producer.send(Topics.deliveries, records),
      PUBLISH_WAIT_MS,
    );
    if (result.status === 'fulfilled') return;
    const problem =
      result.status === 'timeout'
        ? `no answer within ${PUBLISH_WAIT_MS} ms`
        : String(result.reason);
    this.logger.error({
      msg: `could not produce delivery jobs: ${problem}`,
      topic: Topics.deliveries,
    });
    // Jobs already acknowledged stand (at-least-once; receivers deduplicate on webhook-id).
    throw new ApiError(
      503,
      'publish_failed',
      'The delivery jobs could not be published to Kafka; retry',
    );
  }
}
