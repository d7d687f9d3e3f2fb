import { z } from 'zod';
import { webhookUrlField } from '../webhooks/webhook.schemas';

/** `PUT /v1/operational-webhook`: where the company's operational events go. */
export const putOperationalWebhookBodySchema = z.strictObject({ url: webhookUrlField });
export type PutOperationalWebhookBody = z.output<typeof putOperationalWebhookBodySchema>;

export const operationalWebhookJsonSchema = z
  .object({
    id: z.string().describe('wh_…; its messages are in GET /v1/messages under this webhookId'),
    url: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ title: 'OperationalWebhook' });
export type OperationalWebhookJson = z.output<typeof operationalWebhookJsonSchema>;

/** The answer when PUT creates it: the only time its secret is shown. */
export const createdOperationalWebhookJsonSchema = operationalWebhookJsonSchema
  .extend({ secret: z.string().describe('whsec_…; shown only now') })
  .meta({ title: 'CreatedOperationalWebhook' });
export type CreatedOperationalWebhookJson = z.output<typeof createdOperationalWebhookJsonSchema>;
