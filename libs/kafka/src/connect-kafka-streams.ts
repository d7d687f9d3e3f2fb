import { type INestApplication } from '@nestjs/common';
import { ReadinessRegistry } from '@app/health';
import { HookstreamMetrics } from '@app/metrics';
import { type Kafka } from 'kafkajs';
import { KafkaStreamServer, type KafkaStreamServerOptions } from './kafka-stream.server';
import { KAFKA_CLIENT } from './kafka.tokens';

/**
 * Serves an app's `@EventPattern` handlers from Kafka: one transport over the app's client,
 * its lag in hookstream_consumer_lag, and readiness that waits for partition assignment.
 */
export function connectKafkaStreams(
  app: INestApplication,
  options: Pick<KafkaStreamServerOptions, 'streams' | 'drainMs' | 'lagIntervalMs'>,
): KafkaStreamServer {
  const metrics = app.get(HookstreamMetrics);
  const server = new KafkaStreamServer({
    ...options,
    kafka: app.get<Kafka>(KAFKA_CLIENT),
    reportLag: (topic, lag) => metrics.consumerLag.set({ topic }, lag),
  });
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  app.get(ReadinessRegistry).register('kafka-consumers', () => server.isReady);
  return server;
}
