import {
  type AttemptOutcome,
  EVENT_TYPE_PATTERN,
  type MessageStatus,
  messageStatusSchema,
} from '@app/contract';
import { z } from 'zod';
import { timeIdCursorParam } from '../common/cursor';
import { isId } from '../common/ids';
import { limitParam } from '../common/pagination';

/** Message ids come from messageIdFor (`msg_` + hex); accept any sane `msg_` id here. */
const MESSAGE_ID_PATTERN = /^msg_[A-Za-z0-9_-]{1,128}$/;
export const isMessageId = (id: string): boolean => MESSAGE_ID_PATTERN.test(id);

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
  limit: limitParam,
  cursor: timeIdCursorParam(isMessageId).optional(),
});
export type ListMessagesQuery = z.output<typeof listMessagesQuerySchema>;

/** A message in a list: no payload, no attempts. */
export interface MessageSummaryJson {
  id: string;
  webhookId: string;
  eventId: string | null;
  event: string;
  status: MessageStatus;
  createdAt: string;
  updatedAt: string;
}

export interface AttemptJson {
  attempt: number;
  at: string;
  statusCode: number | null;
  durationMs: number;
  outcome: AttemptOutcome;
  error: string | null;
  responseBody: string | null;
  /** When the next attempt is due; null when this attempt ended its series. */
  nextAttemptAt: string | null;
}

export interface MessageJson {
  id: string;
  webhookId: string;
  eventId: string | null;
  event: string;
  status: MessageStatus;
  payload: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  attempts: AttemptJson[];
}
