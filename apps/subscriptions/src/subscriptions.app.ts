import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ReadinessRegistry } from '@app/health';
import { configureHttpApp } from '@app/http-kit';
import { connectKafkaStreams, KafkaProducer } from '@app/kafka';
import { DatabaseMigrator } from './database/database-migrator.service';
import { EVENTS_BODY_LIMIT } from './events/events.controller';
import { logProjectorStreams } from './log-projector/log-projector.consumer';
import { setupOpenApi } from './openapi/openapi';
import { type SubscriptionsConfig } from './subscriptions.config';
import { SubscriptionsModule } from './subscriptions.module';

/** Largest JSON body of the API; POST /v1/events takes at most 256 KiB (EVENTS_BODY_LIMIT). */
export const HTTP_BODY_LIMIT = 1024 * 1024;

/**
 * Builds the subscriptions app: the management API (HTTP, documented at /docs) and the log
 * projector (Kafka). Runs migrations and initialises it (topics exist, producer connected,
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
    setupOpenApi(app);
    await app.get(DatabaseMigrator).migrate();

    connectKafkaStreams(app, {
      drainMs: config.drainMs,
      lagIntervalMs: config.lagIntervalMs,
      streams: logProjectorStreams,
    });
    const producer = app.get(KafkaProducer);
    app.get(ReadinessRegistry).register('kafka-producer', () => producer.isConnected);

    await app.init();
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
