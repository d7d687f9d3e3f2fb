import { z } from 'zod';
import { EVENT_TYPE_PATTERN } from './event-filter';

/** Records on hookstream.events larger than this are invalid. */
export const MAX_EVENT_BYTES = 256 * 1024;

export const environmentSchema = z.enum(['live', 'sandbox']);

const eventFields = {
  id: z.string().min(1).max(255),
  event: z
    .string()
    .max(255)
    .regex(EVENT_TYPE_PATTERN, 'must look like "resource.action" (lowercase, dot-separated)'),
  data: z.record(z.string(), z.unknown()),
  environment: environmentSchema.default('live'),
  userId: z.string().min(1).max(255).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
};

/** The JSON value of a record on hookstream.events, as producers write it. */
export const inputEventSchema = z.object({
  ...eventFields,
  company: z.string().min(1).max(64),
});
export type InputEvent = z.infer<typeof inputEventSchema>;

/** The body of `POST /v1/events`: the company comes from the API key. */
export const publishEventBodySchema = z.strictObject(eventFields);
export type PublishEventBody = z.infer<typeof publishEventBodySchema>;
