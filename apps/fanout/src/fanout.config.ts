import {
  checkKafkaEnv,
  durationMs,
  kafkaEnvFields,
  kafkaSettings,
  observabilitySettings,
  observabilityEnvFields,
  port,
} from '@app/config';
import { z } from 'zod';

export const fanoutEnvSchema = z
  .object({
    ...kafkaEnvFields,
    ...observabilityEnvFields,
    FANOUT_PORT: port(3001),
    SHUTDOWN_DRAIN_TIMEOUT: durationMs('10s'),
    CONSUMER_LAG_INTERVAL: durationMs('15s'),
  })
  .superRefine(checkKafkaEnv)
  .transform((env) => ({
    kafka: kafkaSettings(env, 'hookstream-fanout'),
    ...observabilitySettings(env, 'fanout'),
    port: env.FANOUT_PORT,
    drainMs: env.SHUTDOWN_DRAIN_TIMEOUT,
    lagIntervalMs: env.CONSUMER_LAG_INTERVAL,
  }));

export type FanoutConfig = z.output<typeof fanoutEnvSchema>;
