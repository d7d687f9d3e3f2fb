import { EVENT_TYPE_PATTERN } from '@app/contract';
import { z } from 'zod';

/** The event type of a test event unless the caller picks one. */
export const DEFAULT_TEST_EVENT_TYPE = 'hookstream.test';

export const sendTestEventBodySchema = z
  .strictObject({
    event: z
      .string()
      .max(255)
      .regex(EVENT_TYPE_PATTERN, 'must be an event type such as user.create')
      .default(DEFAULT_TEST_EVENT_TYPE)
      .describe(
        `The event type the receiver sees [${DEFAULT_TEST_EVENT_TYPE}]; sent whatever the webhook's filters`,
      ),
    data: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('The event data; a small sample saying it is a test when left out'),
  })
  .prefault({});
export type SendTestEventBody = z.output<typeof sendTestEventBodySchema>;

export const sentTestEventJsonSchema = z
  .object({
    messageId: z.string().describe('The message in the log (GET /v1/messages/:id)'),
    eventId: z.string().describe('evt_test_…'),
    event: z.string(),
  })
  .meta({ title: 'SentTestEvent' });
export type SentTestEventJson = z.output<typeof sentTestEventJsonSchema>;
