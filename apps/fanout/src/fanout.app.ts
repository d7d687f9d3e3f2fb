import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Topics } from '@app/contract';
import { ReadinessRegistry } from '@app/health';
import { configureHttpApp } from '@app/http-kit';
import { HookstreamMetrics } from '@app/metrics';
import { KAFKA_CLIENT, KafkaStreamServer } from '@app/kafka';
import { SubscriptionsView } from '@app/subscriptions-view';
import { type Kafka } from 'kafkajs';
import { type FanoutConfig } from './fanout.config';
import { FanoutModule } from './fanout.module';
import { EVENT_STREAM } from './routing/event-routing.consumer';

/** Builds the fan-out app (HTTP for health and metrics, Kafka for events); the caller starts it. */
export async function createFanoutApp(config: FanoutConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(FanoutModule.register(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureHttpApp(app, { bodyLimit: '16kb' });
  const metrics = app.get(HookstreamMetrics);
  const server = new KafkaStreamServer({
    kafka: app.get<Kafka>(KAFKA_CLIENT),
    drainMs: config.drainMs,
    reportLag: (topic, lag) => metrics.consumerLag.set({ topic }, lag),
    lagIntervalMs: config.lagIntervalMs,
    streams: {
      [EVENT_STREAM]: { mode: 'batch', groupId: 'hookstream-fanout', topics: [Topics.events] },
    },
  });
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  const readiness = app.get(ReadinessRegistry);
  readiness.register('kafka-consumers', () => server.isReady);
  readiness.register('subscriptions-view', () => app.get(SubscriptionsView).isReady);
  return app;
}
