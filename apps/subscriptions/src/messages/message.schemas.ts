import { attemptOutcomeSchema, EVENT_TYPE_PATTERN, messageStatusSchema } from '@app/contract';
import { z } from 'zod';
import { timeIdCursorParam } from '../common/cursor';
import { isId } from '../common/ids';
import { limitParam } from '../common/pagination';
import { pageSchema } from '../common/request-schemas';

/** Message ids come from messageIdFor (`msg_` + hex); accept any sane `msg_` id here. */
const MESSAGE_ID_PATTERN = /^msg_[A-Za-z0-9_-]{1,128}$/;
export const isMessageId = (id: string): boolean => MESSAGE_ID_PATTERN.test(id);

/** An ISO 8601 time with its offset, such as 2026-11-21T10:00:00Z. */
const timeParam = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

export const listMessagesQuerySchema = z.strictObject({
  webhookId: z
    .string()
    .refine((id) => isId('wh', id), 'must be a webhook id')
    .optional(),
  event: z
    .string()
    .max(255)
    .regex(EVENT_TYPE_PATTERN, 'must be an event type such as user.create')
    .optional(),
  status: messageStatusSchema.optional(),
  since: timeParam.optional().describe('Only messages created at or after this time'),
  until: timeParam.optional().describe('Only messages created before this time'),
  limit: limitParam,
  cursor: timeIdCursorParam(isMessageId).optional(),
});
export type ListMessagesQuery = z.output<typeof listMessagesQuerySchema>;

/** A message in a list: no payload, no attempts. */
export const messageSummaryJsonSchema = z
  .object({
    id: z.string(),
    webhookId: z.string(),
    eventId: z.string().nullable(),
    event: z.string(),
    status: messageStatusSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ title: 'MessageSummary' });
export type MessageSummaryJson = z.output<typeof messageSummaryJsonSchema>;

export const attemptJsonSchema = z
  .object({
    attempt: z.number().int(),
    at: z.iso.datetime(),
    statusCode: z.number().int().nullable(),
    durationMs: z.number().int(),
    outcome: attemptOutcomeSchema,
    error: z.string().nullable(),
    responseBody: z.string().nullable().describe('The first 4 KiB'),
    nextAttemptAt: z.iso
      .datetime()
      .nullable()
      .describe('When the next attempt is due; null when this attempt ended its series'),
  })
  .meta({ title: 'Attempt' });
export type AttemptJson = z.output<typeof attemptJsonSchema>;

export const messageJsonSchema = messageSummaryJsonSchema
  .extend({
    payload: z.record(z.string(), z.unknown()).nullable().describe('The body receivers get'),
    attempts: z.array(attemptJsonSchema),
  })
  .meta({ title: 'Message' });
export type MessageJson = z.output<typeof messageJsonSchema>;

export const messagePageSchema = pageSchema(messageSummaryJsonSchema).meta({
  title: 'MessagePage',
});
