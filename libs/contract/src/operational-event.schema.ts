import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Operational events: what Hookstream did on its own that a company should know about. Recorded
 * on hookstream.operational (key = company, header hookstream-operational-event-type) and, when
 * the company has an operational webhook (PUT /v1/operational-webhook), delivered to it signed
 * and retried like any delivery, with the event type as `event` and `data` as below.
 */
export const OperationalEventTypes = {
  /** A webhook was disabled automatically (410 Gone, exhaustion, later rules). */
  webhookDisabled: 'webhook.disabled',
  /** A message failed its last retry and went to hookstream.deliveries.dlq. */
  messageDeadLettered: 'message.dead_lettered',
} as const;

export const webhookDisabledDataSchema = z.object({
  webhookId: z.string(),
  url: z.string(),
  /** `gone`, `exhausted`, or the name of a later rule. */
  reason: z.string(),
  /** The message whose attempt disabled it. */
  messageId: z.string(),
});

export const messageDeadLetteredDataSchema = z.object({
  messageId: z.string(),
  webhookId: z.string(),
  event: z.string(),
  /** Attempts made in the series that failed (the last one's number). */
  attempts: z.number().int().positive(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
});

const common = {
  /** `opev_…`, derived from the cause: the same cause (a replayed log) gives the same id. */
  id: z.string(),
  company: z.string(),
  occurredAt: z.iso.datetime(),
};

/** The value of a record on hookstream.operational. */
export const operationalEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...common,
    type: z.literal(OperationalEventTypes.webhookDisabled),
    data: webhookDisabledDataSchema,
  }),
  z.object({
    ...common,
    type: z.literal(OperationalEventTypes.messageDeadLettered),
    data: messageDeadLetteredDataSchema,
  }),
]);
export type OperationalEvent = z.infer<typeof operationalEventSchema>;
export type OperationalEventType = OperationalEvent['type'];

/** `opev_` + 32 hex digits of SHA-256 over the type and what identifies its cause. */
export function operationalEventIdFor(type: OperationalEventType, ...cause: string[]): string {
  const digest = createHash('sha256')
    .update([type, ...cause].join('\0'))
    .digest();
  return `opev_${digest.subarray(0, 16).toString('hex')}`;
}
