import { z } from 'zod';

/**
 * The value of a record on the compacted topic hookstream.subscriptions (key = webhook id).
 * A tombstone (null value) means the webhook was deleted. Secrets travel encrypted.
 */
export const webhookStateSchema = z.object({
  id: z.string(),
  company: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  /** Encrypted signing secrets, newest first, each with the moment it stops signing. */
  secrets: z.array(z.object({ ciphertext: z.string(), expiresAt: z.iso.datetime().nullable() })),
  /** Bumped on every change; jobs carry the version fan-out saw. */
  version: z.number().int().nonnegative(),
  updatedAt: z.iso.datetime(),
  /**
   * True for a company's operational webhook (PUT /v1/operational-webhook): it receives
   * operational events only, never domain events. Its `events` is empty for the same reason.
   */
  operational: z.boolean().optional(),
});
export type WebhookState = z.infer<typeof webhookStateSchema>;
