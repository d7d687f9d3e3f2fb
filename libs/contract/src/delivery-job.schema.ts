import { z } from 'zod';
import { environmentSchema } from './input-event.schema';

/** The value of a record on hookstream.deliveries and its retry tiers (key = webhook id). */
export const deliveryJobSchema = z.object({
  messageId: z.string(),
  webhookId: z.string(),
  /** Webhook version fan-out routed with; delivery's view must be at least this new. */
  webhookVersion: z.number().int().nonnegative(),
  company: z.string(),
  eventId: z.string(),
  event: z.string(),
  environment: environmentSchema,
  userId: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
  occurredAt: z.iso.datetime(),
  /** 1 for the first attempt of a series. */
  attempt: z.number().int().positive(),
  /** 0 for the original series, a later epoch-ms stamp for each redelivery. */
  series: z.number().int().nonnegative(),
  redelivery: z.boolean(),
  /**
   * When the message was created (fan-out: the event record's timestamp; a redelivery: the
   * logged message's). Every job and attempt record of a message carries the same value, so the
   * message log, partitioned by it, keeps a message in one place. Absent on older records.
   */
  messageCreatedAt: z.iso.datetime().optional(),
});
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

/** The JSON body a receiver gets. */
export interface WebhookPayload {
  id: string;
  event: string;
  company: string;
  data: Record<string, unknown>;
  eventId: string;
  webhookId: string;
  environment: 'live' | 'sandbox';
  userId?: string;
  timestamp: string;
  redelivery: boolean;
}

export function toWebhookPayload(job: DeliveryJob): WebhookPayload {
  return {
    id: job.messageId,
    event: job.event,
    company: job.company,
    data: job.data,
    eventId: job.eventId,
    webhookId: job.webhookId,
    environment: job.environment,
    userId: job.userId,
    timestamp: job.occurredAt,
    redelivery: job.redelivery,
  };
}
