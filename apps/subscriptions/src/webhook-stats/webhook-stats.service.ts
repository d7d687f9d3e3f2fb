import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiError } from '@app/http-kit';
import { type DataSource } from 'typeorm';
import { isWebhookId } from '../webhooks/webhook.schemas';
import { type WebhookStatsJson, type WebhookStatsQuery } from './webhook-stats.schemas';
import { required } from '../common/required';

interface AttemptAggregate {
  attempts: number;
  successes: number;
  p50: number | null;
  p95: number | null;
  last_success_at: Date | null;
  last_failure_at: Date | null;
}

/**
 * Endpoint health from the message log. Attempts are read from the index
 * attempts_webhook_at_idx (webhook, time, with outcome and duration included: an index-only
 * scan of the window's attempts, every day partition's), pending and failed messages from the
 * partial indexes of those statuses; so a query costs what the window holds, not the log.
 * Jobs never attempted because their webhook was disabled are not attempts of the endpoint.
 */
@Injectable()
export class WebhookStatsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async stats(
    companyId: string,
    webhookId: string,
    { since, until }: WebhookStatsQuery,
  ): Promise<WebhookStatsJson> {
    if (!isWebhookId(webhookId)) throw ApiError.notFound('Webhook');
    const [webhook] = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM webhooks
        WHERE id = $1 AND company_id = $2 AND kind = 'endpoint' AND deleted_at IS NULL`,
      [webhookId, companyId],
    );
    if (!webhook) throw ApiError.notFound('Webhook');

    const [attemptRows, messageRows] = await Promise.all([
      this.dataSource.query<AttemptAggregate[]>(
        `SELECT count(*)::integer AS attempts,
                count(*) FILTER (WHERE outcome = 'success')::integer AS successes,
                percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
                percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95,
                max(at) FILTER (WHERE outcome = 'success') AS last_success_at,
                max(at) FILTER (WHERE outcome <> 'success') AS last_failure_at
           FROM attempts
          WHERE webhook_id = $1 AND at >= $2 AND at < $3
            AND error IS DISTINCT FROM 'webhook_disabled'`,
        [webhookId, since, until],
      ),
      this.dataSource.query<Array<{ pending: number; failed: number }>>(
        `SELECT (SELECT count(*) FROM messages
                  WHERE webhook_id = $1 AND created_at >= $2 AND created_at < $3
                    AND status = 'pending')::integer AS pending,
                (SELECT count(*) FROM messages
                  WHERE webhook_id = $1 AND created_at >= $2 AND created_at < $3
                    AND status = 'failed')::integer AS failed`,
        [webhookId, since, until],
      ),
    ]);
    // Aggregates without GROUP BY: one row each, even over no rows.
    const attempts = required(attemptRows[0], 'the attempt aggregate row');
    const messages = required(messageRows[0], 'the message count row');
    return {
      since: since.toISOString(),
      until: until.toISOString(),
      attempts: attempts.attempts,
      successes: attempts.successes,
      failures: attempts.attempts - attempts.successes,
      successRate: attempts.attempts > 0 ? attempts.successes / attempts.attempts : null,
      durationMs: { p50: attempts.p50, p95: attempts.p95 },
      messages: { pending: messages.pending, failed: messages.failed },
      lastSuccessAt: attempts.last_success_at?.toISOString() ?? null,
      lastFailureAt: attempts.last_failure_at?.toISOString() ?? null,
    };
  }
}
