/**
 * The JSON of the /v1 routes the console calls, as the OpenAPI document (/docs-json) describes
 * them. The console has no API of its own: every call it makes is one of these.
 */

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  details?: Array<{ path?: string; message?: string; reason?: string }>;
}

export type DisabledReason = 'manual' | 'exhausted' | 'gone';

export interface Webhook {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: DisabledReason | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreatedWebhook extends Webhook {
  secret: string;
}

export interface EventType {
  name: string;
  description: string;
  deprecated: boolean;
}

export type MessageStatus = 'pending' | 'delivered' | 'failed';

export interface MessageSummary {
  id: string;
  webhookId: string;
  eventId: string | null;
  event: string;
  status: MessageStatus;
  createdAt: string;
  updatedAt: string;
}

export type AttemptOutcome = 'success' | 'failure' | 'timeout' | 'error';

export interface Attempt {
  attempt: number;
  at: string;
  statusCode: number | null;
  durationMs: number;
  outcome: AttemptOutcome;
  error: string | null;
  responseBody: string | null;
  nextAttemptAt: string | null;
}

export interface Message extends MessageSummary {
  payload: Record<string, unknown> | null;
  attempts: Attempt[];
}

/** GET /v1/webhooks/:id/stats (another change adds it; the portal falls back without it). */
export interface WebhookStats {
  since: string;
  until: string;
  attempts: number;
  successes: number;
  failures: number;
  successRate: number | null;
  durationMs: { p50: number | null; p95: number | null };
  messages: { pending: number; failed: number };
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
}

export interface SentTestEvent {
  messageId: string;
  eventId: string;
  event: string;
}

export interface PortalSession {
  id: string;
  company: { id: string; name: string };
  readOnly: boolean;
  expiresAt: string;
}

export interface OpenedPortalSession extends PortalSession {
  token: string;
}

export interface Company {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  key: string;
  createdAt: string;
}

export interface PortalLink {
  id: string;
  company: string;
  readOnly: boolean;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

export interface CreatedPortalLink {
  id: string;
  url: string;
  company: string;
  readOnly: boolean;
  expiresAt: string;
}

export type AppName = 'subscriptions' | 'fanout' | 'delivery';
export type OutcomeNumbers = Record<AttemptOutcome, number>;

export interface PlatformStatus {
  checkedAt: string;
  apps: Array<{
    name: AppName;
    url: string;
    reachable: boolean;
    ready: boolean;
    checks: Record<string, boolean>;
    error: string | null;
  }>;
  consumerLag: Array<{ app: AppName; topic: string; lag: number }>;
  deliveries: {
    perSecond: OutcomeNumbers | null;
    windowSeconds: number | null;
    total: OutcomeNumbers | null;
  };
  deadLettered: number | null;
}
