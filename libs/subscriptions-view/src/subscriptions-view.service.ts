import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Topics, type WebhookState, webhookStateSchema } from '@app/contract';
import { LivenessRegistry } from '@app/health';
import {
  type DecodedBatch,
  RecordDecoder,
  type StreamConsumer,
  StreamConsumers,
  TopicAdmin,
} from '@app/kafka';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { FreshRead } from './fresh-read';
import { WebhookIndex } from './webhook-index';

interface CatchUpWaiter {
  targets: Map<number, bigint>;
  resolve: () => void;
}

const CATCH_UP_TIMEOUT_MS = 10_000;

/** hookstream.subscriptions: webhook states by id, tombstones for deleted webhooks. */
const changelogDecoder = RecordDecoder.changelog(webhookStateSchema);

/**
 * An in-memory view of every webhook, built from the compacted topic
 * hookstream.subscriptions. Read-your-writes: `catchUp()` waits until the view holds every
 * change published before the call, so an event produced after a webhook change was
 * acknowledged is always routed with that change in view.
 */
@Injectable()
export class SubscriptionsView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SubscriptionsView.name);
  private readonly index = new WebhookIndex();
  /** Next offset to read, per partition. */
  private readonly positions = new Map<number, bigint>();
  private waiters: CatchUpWaiter[] = [];
  private consumer: StreamConsumer<WebhookState | null> | undefined;
  private initialised = false;
  /** The end of the changelog, read after the caller asked (shared by concurrent callers). */
  private readonly changelogEnd: FreshRead<Map<number, bigint>>;

  constructor(
    private readonly consumers: StreamConsumers,
    topicAdmin: TopicAdmin,
    private readonly liveness: LivenessRegistry,
  ) {
    this.changelogEnd = new FreshRead(() => topicAdmin.latestOffsets(Topics.subscriptions));
  }

  async onApplicationBootstrap(): Promise<void> {
    // Each process reads the whole changelog: a group of its own, never committed.
    const consumer = this.consumers.create({
      mode: 'batch',
      groupId: `hookstream-view-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      topics: [Topics.subscriptions],
      fromBeginning: true,
      commits: false,
      decoder: changelogDecoder,
      invalidRecords: 'skip',
      maxBatchRecords: 10_000,
      handler: (batch) => this.applyBatch(batch),
    });
    this.consumer = consumer;
    this.liveness.register('subscriptions-view', () => consumer.health().live);
    await consumer.start();
    await this.catchUp(60_000);
    this.initialised = true;
    this.logger.log({ msg: 'view caught up', webhooks: this.index.size });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop(0);
  }

  /** True once the view has read the changelog as it stood at start. */
  get isReady(): boolean {
    return this.initialised;
  }

  get(webhookId: string): WebhookState | undefined {
    return this.index.get(webhookId);
  }

  ofCompany(company: string): Iterable<WebhookState> {
    return this.index.ofCompany(company);
  }

  /** Resolves once every change published before this call is in view. */
  async catchUp(timeoutMs = CATCH_UP_TIMEOUT_MS): Promise<void> {
    const targets = await this.changelogEnd.get();
    if (this.reached(targets)) return;
    await new Promise<void>((resolve, reject) => {
      const waiter: CatchUpWaiter = {
        targets,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Error(`subscriptions view did not catch up within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /**
   * Resolves with the webhook as of at least `version`, catching up first when the view
   * is older than the job that names it; undefined when it no longer exists.
   */
  async atLeastVersion(webhookId: string, version: number): Promise<WebhookState | undefined> {
    const current = this.index.get(webhookId);
    if (current && current.version >= version) return current;
    await this.catchUp();
    return this.index.get(webhookId);
  }

  private applyBatch(batch: DecodedBatch<WebhookState | null>): Promise<void> {
    for (const record of batch.records) {
      if (record.key) this.index.apply(record.key, record.value);
    }
    this.positions.set(batch.partition, BigInt(batch.nextOffset));
    this.releaseWaiters();
    return Promise.resolve();
  }

  private reached(targets: Map<number, bigint>): boolean {
    for (const [partition, target] of targets) {
      if (target > 0n && (this.positions.get(partition) ?? 0n) < target) return false;
    }
    return true;
  }

  private releaseWaiters(): void {
    const pending: CatchUpWaiter[] = [];
    for (const waiter of this.waiters) {
      if (this.reached(waiter.targets)) waiter.resolve();
      else pending.push(waiter);
    }
    this.waiters = pending;
  }
}
