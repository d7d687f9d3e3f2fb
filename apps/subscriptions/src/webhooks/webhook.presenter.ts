import { type WebhookState } from '@app/contract';
import { type WebhookJson } from './webhook.schemas';
import { type WebhookEntity } from './webhook.entity';

export function toWebhookJson(webhook: WebhookEntity): WebhookJson {
  return {
    id: webhook.id,
    url: webhook.url,
    description: webhook.description,
    events: webhook.events,
    enabled: webhook.enabled,
    disabledReason: webhook.disabledReason,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

/** The value published on hookstream.subscriptions: what fan-out and delivery route and sign with. */
export function toWebhookState(webhook: WebhookEntity): WebhookState {
  return {
    id: webhook.id,
    company: webhook.companyId,
    url: webhook.url,
    events: webhook.events,
    enabled: webhook.enabled,
    secrets: webhook.secrets.map(({ ciphertext, expiresAt }) => ({ ciphertext, expiresAt })),
    version: webhook.version,
    updatedAt: webhook.updatedAt.toISOString(),
    ...(webhook.kind === 'operational' ? { operational: true } : {}),
  };
}
