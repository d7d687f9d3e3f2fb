import { type DeliveryJob, deliveryJobSchema, environmentSchema } from '@app/contract';
import { z } from 'zod';

/** What a redelivery needs of a logged message. */
export interface ReplayableMessage {
  id: string;
  companyId: string;
  webhookId: string;
  /** The body the receiver got (see toWebhookPayload); null while the row is a stub. */
  payload: Record<string, unknown> | null;
  /** Carried on the job, so the new series' attempts join the message's partition. */
  createdAt: Date;
}

/** The event fields of a stored payload; everything else of a job is decided anew. */
const storedPayloadSchema = z.object({
  event: z.string(),
  eventId: z.string(),
  data: z.record(z.string(), z.unknown()),
  environment: environmentSchema,
  userId: z.string().optional(),
  timestamp: z.string(),
});

/**
 * The first job of a new attempt series for a logged message: the same message id (receivers
 * deduplicate on it) and event, `redelivery: true`, routed with the webhook's current version.
 * Undefined when the stored payload cannot make a valid job (a stub, or a row from an older
 * format): such a message cannot be redelivered.
 */
export function redeliveryJob(
  message: ReplayableMessage,
  webhookVersion: number,
  series: number,
): DeliveryJob | undefined {
  const payload = storedPayloadSchema.safeParse(message.payload);
  if (!payload.success) return undefined;
  const { event, eventId, data, environment, userId, timestamp } = payload.data;
  const job = deliveryJobSchema.safeParse({
    messageId: message.id,
    webhookId: message.webhookId,
    webhookVersion,
    company: message.companyId,
    eventId,
    event,
    environment,
    userId,
    data,
    occurredAt: timestamp,
    attempt: 1,
    series,
    redelivery: true,
    messageCreatedAt: message.createdAt.toISOString(),
  } satisfies DeliveryJob);
  return job.success ? job.data : undefined;
}

/**
 * Series stamps (epoch ms) that never repeat within this process, so two redeliveries of one
 * message in the same millisecond are still two series (attempts are unique per series).
 */
export class SeriesClock {
  private last = 0;

  next(now: number = Date.now()): number {
    this.last = Math.max(Math.floor(now), this.last + 1);
    return this.last;
  }
}
