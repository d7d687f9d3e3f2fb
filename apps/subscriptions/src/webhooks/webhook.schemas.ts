import { EVENT_FILTER_PATTERN } from '@app/contract';
import { isValidSecret } from '@app/signing';
import { z } from 'zod';
import { idCursorParam } from '../common/cursor';
import { isId } from '../common/ids';
import { limitParam } from '../common/pagination';
import { pageSchema, textField } from '../common/request-schemas';
import { DEFAULT_GRACE_PERIOD_SECONDS, MAX_GRACE_PERIOD_SECONDS } from './secret-rotation';

export const MAX_URL_LENGTH = 2048;
export const MAX_EVENT_FILTERS = 100;

export const webhookUrlField = z
  .string()
  .max(MAX_URL_LENGTH)
  .refine((text) => URL.canParse(text), 'must be an absolute URL')
  .describe(
    'https (http only with ALLOW_HTTP_URLS); must not be or resolve to a loopback, private, ' +
      'link-local, CGNAT, multicast or metadata address unless inside ALLOWED_PRIVATE_CIDRS ' +
      '(400 url_not_allowed)',
  );

/** Exact types, `*`, or prefix wildcards (`user.*`); 1..100, duplicates dropped. */
const eventFiltersField = z
  .array(
    z
      .string()
      .max(255)
      .regex(
        EVENT_FILTER_PATTERN,
        'must be an event type (user.create), "*", or a prefix wildcard (user.*)',
      ),
  )
  .min(1)
  .max(MAX_EVENT_FILTERS)
  .transform((filters) => [...new Set(filters)])
  .describe(
    'Exact types (user.create), "*" or prefix wildcards (user.*). Not limited to the ' +
      'catalog of GET /v1/event-types: any well-formed type is accepted.',
  );

const descriptionField = textField(1000);

/** A secret a client supplies instead of a generated one. */
const secretField = z
  .string()
  .refine(isValidSecret, 'must be "whsec_" followed by base64 of 24 to 64 random bytes')
  .describe('whsec_ + base64 of 24–64 random bytes; generated when left out');

export const createWebhookBodySchema = z.strictObject({
  url: webhookUrlField,
  description: descriptionField.default(''),
  events: eventFiltersField.default(['*']),
  enabled: z.boolean().default(true),
  secret: secretField.optional(),
});
export type CreateWebhookBody = z.output<typeof createWebhookBodySchema>;

export const updateWebhookBodySchema = z.strictObject({
  url: webhookUrlField.optional(),
  description: descriptionField.optional(),
  events: eventFiltersField.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookBody = z.output<typeof updateWebhookBodySchema>;

/** `POST /v1/webhooks/:id/rotate-secret`; the body may be left out entirely. */
export const rotateSecretBodySchema = z
  .strictObject({
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRACE_PERIOD_SECONDS)
      .default(DEFAULT_GRACE_PERIOD_SECONDS),
    secret: secretField.optional(),
  })
  .prefault({});
export type RotateSecretBody = z.output<typeof rotateSecretBodySchema>;

/** `POST /v1/webhooks/:id/recover`: redeliver the failed messages created at or after `since`. */
export const recoverBodySchema = z.strictObject({
  since: z.iso
    .datetime({ offset: true })
    .transform((text) => new Date(text))
    .refine((since) => since.getTime() <= Date.now(), 'must not be in the future'),
});
export type RecoverBody = z.output<typeof recoverBodySchema>;

export const isWebhookId = (id: string): boolean => isId('wh', id);

export const listWebhooksQuerySchema = z.strictObject({
  limit: limitParam,
  cursor: idCursorParam(isWebhookId).optional(),
});
export type ListWebhooksQuery = z.output<typeof listWebhooksQuerySchema>;

/** A webhook as the API shows it: never its secrets. */
export const webhookJsonSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    disabledReason: z.enum(['manual', 'exhausted', 'gone']).nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ title: 'Webhook' });
export type WebhookJson = z.output<typeof webhookJsonSchema>;

/** The answer to creating a webhook: the only time its secret is shown. */
export const createdWebhookJsonSchema = webhookJsonSchema
  .extend({ secret: z.string().describe('whsec_…; shown only now') })
  .meta({ title: 'CreatedWebhook' });
export type CreatedWebhookJson = z.output<typeof createdWebhookJsonSchema>;

export const webhookPageSchema = pageSchema(webhookJsonSchema).meta({ title: 'WebhookPage' });

export const rotatedSecretJsonSchema = z
  .object({ secret: z.string().describe('The new whsec_ secret; shown only now') })
  .meta({ title: 'RotatedSecret' });

export const recoveredJsonSchema = z
  .object({ count: z.number().int().describe('Failed messages sent again') })
  .meta({ title: 'Recovered' });
