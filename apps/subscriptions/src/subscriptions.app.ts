import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ReadinessRegistry } from '@app/health';
import { configureHttpApp } from '@app/http-kit';
import { HookstreamMetrics } from '@app/metrics';
import { KAFKA_CLIENT, KafkaProducer, KafkaStreamServer } from '@app/kafka';
import { type Kafka } from 'kafkajs';
import { findConsoleDir, serveConsole } from './console/console-assets';
import { DatabaseMigrator } from './database/database-migrator.service';
import { EVENTS_BODY_LIMIT } from './events/events.controller';
import { logProjectorStreams } from './log-projector/log-projector.consumer';
import { setupOpenApi } from './openapi/openapi';
import { type SubscriptionsConfig } from './subscriptions.config';
import { SubscriptionsModule } from './subscriptions.module';

/** Largest JSON body of the API; POST /v1/events takes at most 256 KiB (EVENTS_BODY_LIMIT). */
export const HTTP_BODY_LIMIT = 1024 * 1024;

/**
 * Builds the subscriptions app: the management API (HTTP, documented at /docs), the web console
 * and portal (under /console, using only that API) and the log projector (Kafka). Runs migrations and initialises it (topics exist, producer connected,
 * republish sweep started); the caller starts the consumers and listens:
 *
 *     const app = await createSubscriptionsApp(config);
 *     await app.startAllMicroservices();
 *     await app.listen(port);
 */
export async function createSubscriptionsApp(
  config: SubscriptionsConfig,
): Promise<INestApplication> {
  const logger = new Logger('subscriptions');
  if (config.admin.generated) {
    logger.warn(
      `ADMIN_TOKEN is not set; generated an admin token for this run: ${config.admin.token}`,
    );
  }
  if (config.secrets.usingDevelopmentKey) {
    logger.warn(
      'SECRETS_ENCRYPTION_KEY is not set; webhook secrets are encrypted with the public DEVELOPMENT key. ' +
        'Never run like this with real data.',
    );
  }

  const app = await NestFactory.create<NestExpressApplication>(
    SubscriptionsModule.register(config),
    {
      bodyParser: false,
    },
  );
  try {
    configureHttpApp(app, {
      bodyLimit: HTTP_BODY_LIMIT,
      routeBodyLimits: [{ method: 'POST', path: '/v1/events', limit: EVENTS_BODY_LIMIT }],
    });
    const consoleDir = findConsoleDir();
    if (!consoleDir) logger.warn('the console is not built (npm run build): /console answers 503');
    serveConsole(app, { dir: consoleDir, frameAncestors: config.console.frameAncestors });
    setupOpenApi(app);
    await app.get(DatabaseMigrator).migrate();

    const metrics = app.get(HookstreamMetrics);
    const server = new KafkaStreamServer({
      kafka: app.get<Kafka>(KAFKA_CLIENT),
      drainMs: config.drainMs,
      reportLag: (topic, lag) => metrics.consumerLag.set({ topic }, lag),
      lagIntervalMs: config.lagIntervalMs,
      streams: logProjectorStreams,
    });
    app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });

    const readiness = app.get(ReadinessRegistry);
    const producer = app.get(KafkaProducer);
    readiness.register('kafka-producer', () => producer.isConnected);
    readiness.register('kafka-consumers', () => server.isReady);

    await app.init();
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
