import { EVENT_FILTER_PATTERN } from '@app/contract';
import { isValidSecret } from '@app/signing';
import { z } from 'zod';
import { idCursorParam } from '../common/cursor';
import { isId } from '../common/ids';
import { limitParam } from '../common/pagination';
import { DEFAULT_GRACE_PERIOD_SECONDS, MAX_GRACE_PERIOD_SECONDS } from './secret-rotation';

export const MAX_URL_LENGTH = 2048;
export const MAX_EVENT_FILTERS = 100;

const urlField = z
  .string()
  .max(MAX_URL_LENGTH)
  .refine((text) => URL.canParse(text), 'must be an absolute URL');

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
  .transform((filters) => [...new Set(filters)]);

const descriptionField = z.string().max(1000);

/** A secret a client supplies instead of a generated one. */
const secretField = z
  .string()
  .refine(isValidSecret, 'must be "whsec_" followed by base64 of 24 to 64 random bytes');

export const createWebhookBodySchema = z.strictObject({
  url: urlField,
  description: descriptionField.default(''),
  events: eventFiltersField.default(['*']),
  enabled: z.boolean().default(true),
  secret: secretField.optional(),
});
export type CreateWebhookBody = z.output<typeof createWebhookBodySchema>;

export const updateWebhookBodySchema = z.strictObject({
  url: urlField.optional(),
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
export interface WebhookJson {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: 'manual' | 'exhausted' | 'gone' | null;
  createdAt: string;
  updatedAt: string;
}

/** The answer to creating a webhook: the only time its secret is shown. */
export interface CreatedWebhookJson extends WebhookJson {
  secret: string;
}
