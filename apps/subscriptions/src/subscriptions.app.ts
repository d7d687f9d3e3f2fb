import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ReadinessRegistry } from '@app/health';
import { configureHttpApp } from '@app/http-kit';
import { nestLogger, useHttpLogging } from '@app/logging';
import { traceHttpRequests } from '@app/tracing';
import { connectKafkaStreams, KafkaProducer } from '@app/kafka';
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
 * Builds the subscriptions app for the roles of SUBSCRIPTIONS_ROLES — the management API (HTTP,
 * documented at /docs) with the web console and portal (under /console, using only that API),
 * the log projector (Kafka), the periodic jobs — and migrates the database; the caller
 * (runService, or a test) initialises, starts the consumers and listens. Readiness covers only
 * what the process runs.
 */
export async function createSubscriptionsApp(
  config: SubscriptionsConfig,
): Promise<INestApplication> {
  // Created first: its logger is the one the warnings below go through.
  const app = await NestFactory.create<NestExpressApplication>(
    SubscriptionsModule.register(config),
    { bodyParser: false, logger: nestLogger(config.logging) },
  );
  const logger = new Logger('subscriptions');
  if (config.roles.api && config.admin.generated) {
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

  try {
    useHttpLogging(
      app,
      config.logging,
      () =>
        configureHttpApp(app, {
          bodyLimit: HTTP_BODY_LIMIT,
          routeBodyLimits: [{ method: 'POST', path: '/v1/events', limit: EVENTS_BODY_LIMIT }],
        }),
      // Request-scoped logs only where requests are API calls (see useHttpLogging).
      { requestScoped: config.roles.api },
    );
    app.use(traceHttpRequests('/v1'));
    if (config.roles.api) {
      const consoleDir = findConsoleDir();
      if (!consoleDir)
        logger.warn('the console is not built (npm run build): /console answers 503');
      serveConsole(app, { dir: consoleDir, frameAncestors: config.console.frameAncestors });
      setupOpenApi(app);
    }
    // Before init: the periodic jobs start at bootstrap and need the schema.
    await app.get(DatabaseMigrator).migrate();
    if (config.roles.projector) {
      connectKafkaStreams(app, {
        drainMs: config.drainMs,
        lagIntervalMs: config.lagIntervalMs,
        streams: logProjectorStreams,
      });
    }
    const producer = app.get(KafkaProducer);
    app.get(ReadinessRegistry).register('kafka-producer', () => producer.isConnected);
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

/** What the process serves, for its start-up line. */
export function describeServes(config: SubscriptionsConfig): string {
  const parts = [
    config.roles.api ? 'API under /v1, /docs' : undefined,
    config.roles.projector ? 'log projector' : undefined,
    config.roles.maintenance ? 'periodic jobs' : undefined,
    '/health, /metrics',
  ];
  return parts.filter((part) => part !== undefined).join(', ');
}
