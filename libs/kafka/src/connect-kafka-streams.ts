import { type INestApplication } from '@nestjs/common';
import { LivenessRegistry, ReadinessRegistry } from '@app/health';
import { HookstreamMetrics } from '@app/metrics';
import { type Kafka } from 'kafkajs';
import { KafkaStreamServer, type KafkaStreamServerOptions } from './kafka-stream.server';
import { KAFKA_CLIENT } from './kafka.tokens';
import { StreamConsumers } from './stream-consumers.service';

/**
 * Serves an app's `@EventPattern` handlers from Kafka: one transport over the app's client,
 * its lag and stalled partitions in metrics, liveness that fails while a consumer is down, and
 * readiness that waits for group membership.
 */
export function connectKafkaStreams(
  app: INestApplication,
  options: Pick<KafkaStreamServerOptions, 'streams' | 'drainMs' | 'lagIntervalMs'>,
): KafkaStreamServer {
  const metrics = app.get(HookstreamMetrics);
  const server = new KafkaStreamServer({
    ...options,
    consumers: app.get(StreamConsumers),
    kafka: app.get<Kafka>(KAFKA_CLIENT),
    reportLag: ({ topic, lag, stalledPartitions }) => {
      metrics.consumerLag.set({ topic }, lag);
      metrics.consumerStalledPartitions.set({ topic }, stalledPartitions);
    },
  });
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  app.get(ReadinessRegistry).register('kafka-consumers', () => server.health().ready);
  app.get(LivenessRegistry).register('kafka-consumers', () => server.health().live);
  return server;
}
