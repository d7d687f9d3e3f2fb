import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { deliveryJobSchema, KafkaHeaders, retryTierOf, retryTopic, Topics } from '@app/contract';
import { ReadinessRegistry } from '@app/health';
import { configureHttpApp } from '@app/http-kit';
import { nestLogger, useHttpLogging } from '@app/logging';
import { connectKafkaStreams, RecordDecoder, TopicAdmin } from '@app/kafka';
import { HookstreamMetrics } from '@app/metrics';
import { SubscriptionsView } from '@app/subscriptions-view';
import { type DeliveryConfig } from './delivery.config';
import { DeliveryModule } from './delivery.module';
import { deferredJob } from './jobs/deferral';
import { DELIVERY_JOB_STREAM } from './jobs/delivery-job.consumer';

/** Builds the delivery app (HTTP for health and metrics, Kafka for jobs); the caller starts it. */
export async function createDeliveryApp(config: DeliveryConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(DeliveryModule.register(config), {
    bodyParser: false,
    logger: nestLogger(config.logging),
  });
  // Only probes and scrapes come over HTTP: no request-scoped logs (see useHttpLogging).
  useHttpLogging(app, config.logging, () => configureHttpApp(app, { bodyLimit: '16kb' }), {
    requestScoped: false,
  });
  const topicAdmin = app.get(TopicAdmin);
  const metrics = app.get(HookstreamMetrics);
  connectKafkaStreams(app, {
    drainMs: config.drainMs,
    lagIntervalMs: config.lagIntervalMs,
    streams: {
      [DELIVERY_JOB_STREAM]: {
        mode: 'concurrent',
        groupId: 'hookstream-delivery',
        topics: () => deliveryTopics(topicAdmin, config.retryScheduleMs.length),
        decoder: RecordDecoder.json(deliveryJobSchema),
        // A job that can never be attempted is kept, with the reason, on the dead-letter topic.
        invalidRecords: 'dead-letter',
        maxInFlight: config.concurrency.maxInFlight,
        maxInFlightPerKey: config.concurrency.maxInFlightPerWebhook,
        maxBufferedPerPartition: config.concurrency.bufferPerPartition,
        // A webhook that cannot keep up waits in Kafka, not in front of the others.
        maxQueuedPerKey: config.concurrency.maxQueuedPerWebhook,
        slowAfterMs: config.concurrency.slowAfterMs,
        defer: (record, { failing }) => {
          const deferred = deferredJob(record, config.retryScheduleMs, Date.now(), failing);
          if (deferred) metrics.deliveriesDeferred.inc();
          return deferred;
        },
        dueAt: (record) => {
          const dueAt = Number(record.headers[KafkaHeaders.dueAt]);
          return Number.isFinite(dueAt) && dueAt > 0 ? dueAt : undefined;
        },
      },
    },
  });
  app
    .get(ReadinessRegistry)
    .register('subscriptions-view', () => app.get(SubscriptionsView).isReady);
  return app;
}

/**
 * The first-attempt topic and every retry tier, including tiers beyond the current
 * schedule: a shortened RETRY_SCHEDULE must not strand jobs already waiting there.
 */
async function deliveryTopics(topicAdmin: TopicAdmin, tiers: number): Promise<string[]> {
  const scheduled = Array.from({ length: tiers }, (_, index) => retryTopic(index + 1));
  const leftovers = (await topicAdmin.listTopics()).filter(
    (topic) => (retryTierOf(topic) ?? 0) > tiers,
  );
  return [Topics.deliveries, ...scheduled, ...leftovers];
}
