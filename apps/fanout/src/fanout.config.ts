import { booleanFlag, durationMs, kafkaBrokers, port, positiveInt } from '@app/config';
import { z } from 'zod';

export const fanoutEnvSchema = z
  .object({
    KAFKA_BROKERS: kafkaBrokers,
    FANOUT_PORT: port(3001),
    KAFKA_TOPIC_PARTITIONS: positiveInt(3),
    SHUTDOWN_DRAIN_TIMEOUT: durationMs('10s'),
    CONSUMER_LAG_INTERVAL: durationMs('15s'),
    LOG_JSON: booleanFlag(false),
  })
  .transform((env) => ({
    kafka: {
      brokers: env.KAFKA_BROKERS,
      clientId: 'hookstream-fanout',
      partitions: env.KAFKA_TOPIC_PARTITIONS,
    },
    port: env.FANOUT_PORT,
    drainMs: env.SHUTDOWN_DRAIN_TIMEOUT,
    lagIntervalMs: env.CONSUMER_LAG_INTERVAL,
  }));

export type FanoutConfig = z.output<typeof fanoutEnvSchema>;
