import { newId } from '../common/ids';
import { type WebhookEntity, type WebhookKind } from './webhook.entity';

export interface NewWebhookFields {
  companyId: string;
  kind: WebhookKind;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  /** The signing secret, already encrypted with SecretCipher. */
  secretCiphertext: string;
}

/** The row of a webhook just created: version 1, not yet on hookstream.subscriptions. */
export function newWebhook(fields: NewWebhookFields, now = new Date()): WebhookEntity {
  return {
    id: newId('wh'),
    companyId: fields.companyId,
    kind: fields.kind,
    url: fields.url,
    description: fields.description,
    events: fields.events,
    enabled: fields.enabled,
    disabledReason: fields.enabled ? null : 'manual',
    secrets: [{ ciphertext: fields.secretCiphertext, expiresAt: null }],
    version: 1,
    publishedVersion: 0,
    enabledChangedAt: now,
    lastSuccessAt: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}
