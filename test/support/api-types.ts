/**
 * The management API's JSON, for typing the tests' calls. Where the console's types
 * (apps/console/src/api/types.ts) say the same, they are used, so the two cannot drift apart.
 * MessageJson and ErrorJson stay here: the tests read a message's payload and an error
 * detail's path as always there, where the console must allow them to be missing.
 */
import type * as Console from '../../apps/console/src/api/types';

export type AttemptJson = Console.Attempt;
export type WebhookJson = Console.Webhook;
/** Only creation answers with the secret. */
export type CreatedWebhookJson = Console.CreatedWebhook;
export type Page<T> = Console.Page<T>;
/** `GET /v1/webhooks/:id/stats`. */
export type WebhookStatsJson = Console.WebhookStats;

export interface MessageJson {
  id: string;
  webhookId: string;
  eventId: string;
  event: string;
  status: string;
  payload: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  attempts: AttemptJson[];
}

export interface ErrorJson {
  status: number;
  code: string;
  message: string;
  details?: Array<{ path: string; message: string; reason?: string }>;
}

/** `GET /v1/operational-webhook` (PUT also answers `secret` when it creates one). */
export interface OperationalWebhookJson {
  id: string;
  url: string;
  createdAt: string;
  updatedAt: string;
}
