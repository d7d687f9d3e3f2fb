import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Topics } from '@app/contract';
import { ReadinessRegistry } from '@app/health';
import { configureHttpApp } from '@app/http-kit';
import { nestLogger, useHttpLogging } from '@app/logging';
import { connectKafkaStreams } from '@app/kafka';
import { HookstreamMetrics } from '@app/metrics';
import { SubscriptionsView } from '@app/subscriptions-view';
import { type FanoutConfig } from './fanout.config';
import { FanoutModule } from './fanout.module';
import { EVENT_STREAM } from './routing/event-routing.consumer';
import { eventDecoder } from './routing/event-records';

/** Events routed per handler call: what a crash between produce and commit can make redo. */
const EVENTS_PER_BATCH = 500;

/** Builds the fan-out app (HTTP for health and metrics, Kafka for events); the caller starts it. */
export async function createFanoutApp(config: FanoutConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(FanoutModule.register(config), {
    bodyParser: false,
    logger: nestLogger(config.logging),
  });
  // Only probes and scrapes come over HTTP: no request-scoped logs (see useHttpLogging).
  useHttpLogging(app, config.logging, () => configureHttpApp(app, { bodyLimit: '16kb' }), {
    requestScoped: false,
  });
  const metrics = app.get(HookstreamMetrics);
  connectKafkaStreams(app, {
    drainMs: config.drainMs,
    lagIntervalMs: config.lagIntervalMs,
    streams: {
      [EVENT_STREAM]: {
        mode: 'batch',
        groupId: 'hookstream-fanout',
        topics: [Topics.events],
        decoder: eventDecoder,
        maxBatchRecords: EVENTS_PER_BATCH,
        // Producers' mistakes are kept, with the reason, on hookstream.events.invalid.
        invalidRecords: 'invalid-topic',
        onInvalid: ({ reason }) => {
          metrics.fanoutEvents.inc({ outcome: 'invalid' });
          metrics.invalidEvents.inc({ reason });
        },
      },
    },
  });
  app
    .get(ReadinessRegistry)
    .register('subscriptions-view', () => app.get(SubscriptionsView).isReady);
  return app;
}
