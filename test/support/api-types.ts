/** The management API's JSON as the contract defines it, for typing the tests' calls. */

export interface AttemptJson {
  attempt: number;
  at: string;
  statusCode: number | null;
  durationMs: number;
  outcome: string;
  error: string | null;
  responseBody: string | null;
  nextAttemptAt: string | null;
}

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

export interface WebhookJson {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Only creation answers with the secret. */
export interface CreatedWebhookJson extends WebhookJson {
  secret: string;
}

export interface ErrorJson {
  status: number;
  code: string;
  message: string;
  details?: Array<{ path: string; message: string; reason?: string }>;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** `GET /v1/webhooks/:id/stats`. */
export interface WebhookStatsJson {
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

/** `GET /v1/operational-webhook` (PUT also answers `secret` when it creates one). */
export interface OperationalWebhookJson {
  id: string;
  url: string;
  createdAt: string;
  updatedAt: string;
}
