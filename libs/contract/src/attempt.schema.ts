import { z } from 'zod';

export const attemptOutcomeSchema = z.enum(['success', 'failure', 'timeout', 'error']);
export type AttemptOutcome = z.infer<typeof attemptOutcomeSchema>;

/** Why an attempt ended its series (null while retries remain). */
export const seriesEndSchema = z.enum(['delivered', 'exhausted', 'gone', 'webhook_disabled']);
export type SeriesEnd = z.infer<typeof seriesEndSchema>;

export const messageStatusSchema = z.enum(['pending', 'delivered', 'failed']);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

/** The value of a record on hookstream.attempts (key = message id): one delivery attempt. */
export const attemptRecordSchema = z.object({
  messageId: z.string(),
  webhookId: z.string(),
  company: z.string(),
  event: z.string(),
  series: z.number().int().nonnegative(),
  attempt: z.number().int().positive(),
  at: z.iso.datetime(),
  statusCode: z.number().int().nullable(),
  durationMs: z.number().nonnegative(),
  outcome: attemptOutcomeSchema,
  error: z.string().nullable(),
  responseBody: z.string().nullable(),
  /** When the next attempt is due, or null when this attempt ended the series. */
  nextAttemptAt: z.iso.datetime().nullable(),
  /** The message status this attempt leaves behind. */
  status: messageStatusSchema,
  /** Set on the attempt that ended the series, so the log can react (disable on 410, exhaustion). */
  endReason: seriesEndSchema.nullable(),
  /** When the series' first attempt was made: exhaustion disables only without a success since. */
  seriesStartedAt: z.iso.datetime(),
  /** The job's messageCreatedAt, copied (see deliveryJobSchema). */
  messageCreatedAt: z.iso.datetime().optional(),
});
export type AttemptRecord = z.infer<typeof attemptRecordSchema>;
