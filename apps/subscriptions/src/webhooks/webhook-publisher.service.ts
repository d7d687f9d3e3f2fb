import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Topics } from '@app/contract';
import { ApiError } from '@app/http-kit';
import { KafkaProducer } from '@app/kafka';
import { type DataSource } from 'typeorm';
import { PUBLISH_WAIT_MS, settleWithin } from '../common/settle-within';
import { toWebhookState } from './webhook.presenter';
import { WebhookEntity } from './webhook.entity';

const SWEEP_PAGE_SIZE = 200;
const logger = new Logger('WebhookPublisher');

/**
 * Puts webhook changes on the compacted topic hookstream.subscriptions, which fan-out and
 * delivery read. Every change bumps `version` in its own transaction; publishing then takes the
 * row lock, reads the latest state, produces it (acks=all) and records `published_version`
 * before releasing the lock. So concurrent changes reach the topic in version order, a request
 * answers only once its change is on the topic, and a change committed but never published (a
 * crash in between) is found by `sweep`, which WebhookRepublishSweep runs in the maintenance role.
 */
@Injectable()
export class WebhookPublisher {
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: KafkaProducer,
  ) {}

  /**
   * Publishes the webhook's latest state (a tombstone once deleted) unless it is already on the
   * topic. Resolves when Kafka has acknowledged it; waits for a publish of the same row that is
   * under way elsewhere.
   */
  async publish(webhookId: string): Promise<void> {
    await this.publishRow(webhookId, false);
  }

  /** Ends a sweep under way after the row it is publishing (shutdown). */
  stopSweeping(): void {
    this.stopped = true;
  }

  /** Publishes every row whose latest change is not on the topic yet; returns how many. */
  async sweep(): Promise<number> {
    let published = 0;
    let after = '';
    while (!this.stopped) {
      const pending = await this.dataSource
        .getRepository(WebhookEntity)
        .createQueryBuilder('w')
        .select('w.id', 'id')
        .where('w.published_version < w.version')
        .andWhere('w.id > :after', { after })
        .orderBy('w.id')
        .limit(SWEEP_PAGE_SIZE)
        .getRawMany<{ id: string }>();
      for (const { id } of pending) {
        // A row locked by a request is being published by it: skip rather than wait.
        if (await this.publishRow(id, true)) published += 1;
      }
      const last = pending.at(-1);
      if (!last || pending.length < SWEEP_PAGE_SIZE) break;
      after = last.id;
    }
    return published;
  }

  /** True when this call published the row. */
  private publishRow(id: string, skipLocked: boolean): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const webhook = await manager.findOne(WebhookEntity, {
        where: { id },
        lock: skipLocked
          ? { mode: 'pessimistic_write', onLocked: 'skip_locked' }
          : { mode: 'pessimistic_write' },
      });
      if (!webhook || webhook.publishedVersion >= webhook.version) return false;
      const value = webhook.deletedAt ? null : toWebhookState(webhook);
      await this.producer.send(Topics.subscriptions, [{ key: webhook.id, value }]);
      if (webhook.deletedAt && webhook.kind === 'endpoint') {
        // The tombstone is on the topic: nothing refers to the row any more (messages keep the id).
        await manager.delete(WebhookEntity, { id });
      } else {
        // A deleted operational webhook stays, so results of its messages still arriving are
        // known as its own (they must never raise operational events).
        await manager.update(WebhookEntity, { id }, { publishedVersion: webhook.version });
      }
      return true;
    });
  }
}

/**
 * For a request that changed a webhook: publishes the change and answers only once Kafka has it,
 * or fails with 503 publish_failed after PUBLISH_WAIT_MS (the sweep publishes it later). The
 * publish goes on after that: it holds the row lock until Kafka answers, which keeps versions in
 * order.
 */
export async function publishBeforeAnswering(
  publisher: WebhookPublisher,
  webhookId: string,
): Promise<void> {
  const result = await settleWithin(publisher.publish(webhookId), PUBLISH_WAIT_MS);
  if (result.status === 'fulfilled') return;
  const problem =
    result.status === 'timeout' ? `no answer within ${PUBLISH_WAIT_MS} ms` : String(result.reason);
  logger.error({ msg: `could not publish a webhook: ${problem}`, webhookId });
  throw new ApiError(
    503,
    'publish_failed',
    'The change was saved but could not be published to Kafka yet; it will be published automatically',
  );
}
