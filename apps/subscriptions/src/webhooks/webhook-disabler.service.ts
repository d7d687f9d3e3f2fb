import { Injectable, Logger } from '@nestjs/common';
import { HookstreamMetrics } from '@app/metrics';
import { type EntityManager } from 'typeorm';
import { type DisabledReason } from './webhook.entity';
import { WebhookPublisher } from './webhook-publisher.service';

/** An attempt result that ends its series in a way that disables the webhook. */
export interface DisableCandidate {
  webhookId: string;
  reason: Extract<DisabledReason, 'gone' | 'exhausted'>;
  /** When the attempt was made: a webhook (re-)enabled after this is left alone. */
  at: Date;
  /** When the series' first attempt was made: exhaustion needs no success since. */
  seriesStartedAt: Date;
  /** The message whose attempt ended that way. */
  messageId: string;
}

export interface DisabledWebhook {
  id: string;
  companyId: string;
  url: string;
  reason: DisabledReason;
  /** The version the disable gave it: with the id, what this disable is. */
  version: number;
  messageId: string;
  /** The attempt that disabled it. */
  at: Date;
}

/**
 * Reacts to delivery results recorded by the log projector: remembers each webhook's latest
 * success, and disables webhooks that answered 410 Gone or exhausted a message's retries with no
 * success since that message's first attempt (DISABLE_ON_EXHAUSTION). The database work runs in
 * the projector's transaction; `announce` publishes after it commits. A company's operational
 * webhook is never disabled: nothing would tell anyone, and its failures must raise nothing.
 */
@Injectable()
export class WebhookDisabler {
  private readonly logger = new Logger(WebhookDisabler.name);

  constructor(
    private readonly publisher: WebhookPublisher,
    private readonly metrics: HookstreamMetrics,
  ) {}

  /**
   * Locks the rows of these webhooks in id order. Call it before recordSuccesses and disable in
   * one transaction: batches of several partitions touch the same webhooks, and an UPDATE … FROM
   * locks in no set order, so two of them could otherwise deadlock.
   */
  async lockInOrder(manager: EntityManager, webhookIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(webhookIds)].sort();
    if (ids.length === 0) return;
    await manager.query(
      `SELECT 1 FROM webhooks WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE`,
      [ids],
    );
  }

  async recordSuccesses(manager: EntityManager, successes: Map<string, Date>): Promise<void> {
    if (successes.size === 0) return;
    const rows = [...successes].map(([webhookId, at]) => ({
      webhook_id: webhookId,
      at: at.toISOString(),
    }));
    await manager.query(
      `UPDATE webhooks w
          SET last_success_at = GREATEST(w.last_success_at, s.at)
         FROM jsonb_to_recordset($1::jsonb) AS s(webhook_id text, at timestamptz)
        WHERE w.id = s.webhook_id
          AND (w.last_success_at IS NULL OR w.last_success_at < s.at)`,
      [JSON.stringify(rows)],
    );
  }

  /** Disables what the candidates call for; returns the webhooks it disabled. */
  async disable(
    manager: EntityManager,
    candidates: DisableCandidate[],
  ): Promise<DisabledWebhook[]> {
    const perWebhook = strongestCandidates(candidates);
    if (perWebhook.length === 0) return [];
    const rows = perWebhook.map((candidate) => ({
      webhook_id: candidate.webhookId,
      reason: candidate.reason,
      at: candidate.at.toISOString(),
      series_started_at: candidate.seriesStartedAt.toISOString(),
      message_id: candidate.messageId,
    }));
    const [disabled] = await manager.query<
      [
        Array<{
          id: string;
          company_id: string;
          url: string;
          reason: DisabledReason;
          version: number;
          message_id: string;
          at: Date;
        }>,
        number,
      ]
    >(
      `UPDATE webhooks w
          SET enabled = false, disabled_reason = c.reason, version = w.version + 1,
              updated_at = now(), enabled_changed_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS c(webhook_id text, reason text, at timestamptz,
              series_started_at timestamptz, message_id text)
        WHERE w.id = c.webhook_id
          AND w.kind = 'endpoint'
          AND w.enabled
          AND w.deleted_at IS NULL
          AND w.enabled_changed_at < c.at
          AND (c.reason = 'gone' OR w.last_success_at IS NULL OR w.last_success_at < c.series_started_at)
        RETURNING w.id, w.company_id, w.url, c.reason, w.version, c.message_id, c.at`,
      [JSON.stringify(rows)],
    );
    return disabled.map((row) => ({
      id: row.id,
      companyId: row.company_id,
      url: row.url,
      reason: row.reason,
      version: row.version,
      messageId: row.message_id,
      at: row.at,
    }));
  }

  /** After commit: counts the disabled webhooks and publishes their new state. */
  async announce(disabled: DisabledWebhook[]): Promise<void> {
    for (const { id, reason } of disabled) {
      this.logger.warn({ msg: `disabled a webhook (${reason})`, webhookId: id, reason });
      this.metrics.webhooksDisabled.inc({ reason });
      try {
        await this.publisher.publish(id);
      } catch (error) {
        // Committed: the publisher's sweep puts it on the topic once Kafka is back.
        this.logger.warn({
          msg: 'could not publish a disabled webhook yet',
          webhookId: id,
          err: error,
        });
      }
    }
  }
}

/**
 * One candidate per webhook (an UPDATE … FROM applies only one): 'gone' wins, the latest
 * attempt among those; otherwise the latest series, the likeliest to have no success since.
 */
export function strongestCandidates(candidates: DisableCandidate[]): DisableCandidate[] {
  const byWebhook = new Map<string, DisableCandidate>();
  for (const candidate of candidates) {
    const current = byWebhook.get(candidate.webhookId);
    if (!current || rank(candidate) > rank(current)) byWebhook.set(candidate.webhookId, candidate);
  }
  return [...byWebhook.values()];
}

function rank(candidate: DisableCandidate): number {
  return candidate.reason === 'gone'
    ? 1e15 + candidate.at.getTime()
    : candidate.seriesStartedAt.getTime();
}
