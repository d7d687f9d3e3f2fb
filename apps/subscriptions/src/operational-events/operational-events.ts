import {
  type AttemptRecord,
  type DeliveryJob,
  messageIdFor,
  type OperationalEvent,
  operationalEventIdFor,
  OperationalEventTypes,
} from '@app/contract';
import { type DisabledWebhook } from '../webhooks/webhook-disabler.service';

/** `webhook.disabled`, one per disable (the version it made), so a replay mints nothing new. */
export function webhookDisabledEvent(disabled: DisabledWebhook): OperationalEvent {
  return {
    id: operationalEventIdFor(
      OperationalEventTypes.webhookDisabled,
      disabled.id,
      String(disabled.version),
    ),
    type: OperationalEventTypes.webhookDisabled,
    company: disabled.companyId,
    occurredAt: disabled.at.toISOString(),
    data: {
      webhookId: disabled.id,
      url: disabled.url,
      reason: disabled.reason,
      messageId: disabled.messageId,
    },
  };
}

/** `message.dead_lettered`, one per exhausted series of a message. */
export function deadLetteredEvent(result: AttemptRecord): OperationalEvent {
  return {
    id: operationalEventIdFor(
      OperationalEventTypes.messageDeadLettered,
      result.messageId,
      String(result.series),
    ),
    type: OperationalEventTypes.messageDeadLettered,
    company: result.company,
    occurredAt: result.at,
    data: {
      messageId: result.messageId,
      webhookId: result.webhookId,
      event: result.event,
      attempts: result.attempt,
      lastStatusCode: result.statusCode,
      lastError: result.error,
    },
  };
}

/**
 * The delivery job that brings an operational event to the company's operational webhook: the
 * event type as `event`, its data as `data`, a message id derived like any other (from the
 * event id), so delivery signs and retries it like any message.
 */
export function operationalDeliveryJob(
  event: OperationalEvent,
  webhook: { id: string; version: number },
  recordedAt: Date,
): DeliveryJob {
  return {
    messageId: messageIdFor(event.company, event.id, webhook.id),
    webhookId: webhook.id,
    webhookVersion: webhook.version,
    company: event.company,
    eventId: event.id,
    event: event.type,
    environment: 'live',
    data: event.data,
    occurredAt: event.occurredAt,
    attempt: 1,
    series: 0,
    redelivery: false,
    messageCreatedAt: recordedAt.toISOString(),
  };
}
