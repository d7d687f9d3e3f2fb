import { EVENT_TYPE_PATTERN } from '@app/contract';
import { z } from 'zod';
import { nameField } from '../common/request-schemas';

export const eventTypeNameField = z
  .string()
  .max(255)
  .regex(EVENT_TYPE_PATTERN, 'must look like "resource.action" (lowercase, dot-separated)')
  .describe('Such as user.create');

const descriptionField = nameField(500).describe('One line saying when it is emitted');

export const createEventTypeBodySchema = z.strictObject({
  name: eventTypeNameField,
  description: descriptionField,
});
export type CreateEventTypeBody = z.output<typeof createEventTypeBodySchema>;

export const updateEventTypeBodySchema = z.strictObject({
  deprecated: z
    .boolean()
    .optional()
    .describe('Deprecated types are still delivered; UIs stop offering them'),
  description: descriptionField.optional(),
});
export type UpdateEventTypeBody = z.output<typeof updateEventTypeBodySchema>;

export const eventTypeJsonSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    deprecated: z.boolean(),
  })
  .meta({ title: 'EventType' });
export type EventTypeJson = z.output<typeof eventTypeJsonSchema>;

export const eventTypeListSchema = z.object({ data: z.array(eventTypeJsonSchema) });
export type EventTypeList = z.output<typeof eventTypeListSchema>;
