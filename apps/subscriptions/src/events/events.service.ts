import { Injectable, Logger } from '@nestjs/common';
import { type InputEvent, MAX_EVENT_BYTES, type PublishEventBody, Topics } from '@app/contract';
import { ApiError } from '@app/http-kit';
import { KafkaProducer } from '@app/kafka';
import {
  type Context,
  kafkaAttributes,
  SpanAttributes,
  SpanKind,
  SpanNames,
  startStep,
  traceHeaders,
} from '@app/tracing';
import { PUBLISH_WAIT_MS, settleWithin } from '../common/settle-within';

/** Accepts events over HTTP for producers that do not write to Kafka themselves. */
@Injectable()
export class EventsService {
  private readonly logger = new Logger(EventsService.name);

  constructor(private readonly producer: KafkaProducer) {}

  /**
   * Resolves once hookstream.events has acknowledged the event (acks=all). The record carries
   * the request's trace (`trace`) on, through a producer span.
   */
  async publish(
    companyId: string,
    body: PublishEventBody,
    trace: Context,
  ): Promise<{ id: string }> {
    const event: InputEvent = { ...body, company: companyId };
    const value = Buffer.from(JSON.stringify(event), 'utf8');
    if (value.length > MAX_EVENT_BYTES) {
      throw new ApiError(
        413,
        'payload_too_large',
        `The event is ${value.length} bytes as a Kafka record; at most ${MAX_EVENT_BYTES} are accepted`,
      );
    }
    const step = startStep(
      SpanNames.publishEvent,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          ...kafkaAttributes(Topics.events, 'send'),
          [SpanAttributes.eventId]: body.id,
          [SpanAttributes.eventType]: body.event,
          [SpanAttributes.company]: companyId,
        },
      },
      trace,
    );
    const sent = this.producer.send(Topics.events, [
      { key: `${companyId}/${body.id}`, value, headers: traceHeaders(step.context) },
    ]);
    const result = await settleWithin(sent, PUBLISH_WAIT_MS);
    if (result.status === 'timeout') step.fail(`no answer within ${PUBLISH_WAIT_MS} ms`);
    step.end(result.status === 'rejected' ? result.reason : undefined);
    if (result.status !== 'fulfilled') {
      const problem =
        result.status === 'timeout'
          ? `no answer within ${PUBLISH_WAIT_MS} ms`
          : String(result.reason);
      this.logger.error({
        msg: `could not publish an event: ${problem}`,
        company: companyId,
        eventId: body.id,
        topic: Topics.events,
        err: result.status === 'rejected' ? result.reason : undefined,
      });
      // It may still reach the topic; a retry with the same id yields the same message ids.
      throw new ApiError(
        503,
        'publish_failed',
        'The event could not be published to Kafka; retry it',
      );
    }
    return { id: body.id };
  }
}
