import {
  booleanFlag,
  checkKafkaEnv,
  cidrList,
  durationListMs,
  durationMs,
  kafkaEnvFields,
  kafkaSettings,
  observabilitySettings,
  observabilityEnvFields,
  port,
  positiveInt,
  requireSecretsKeyInProduction,
  resolveSecretsKeys,
  secretsEnvFields,
} from '@app/config';
import { HOOKSTREAM_VERSION } from '@app/contract';
import { z } from 'zod';

export const deliveryEnvSchema = z
  .object({
    ...secretsEnvFields,
    ...kafkaEnvFields,
    ...observabilityEnvFields,
    DELIVERY_PORT: port(3002),
    RETRY_SCHEDULE: durationListMs('5s,5m,30m,2h,5h,10h,10h'),
    DELIVERY_TIMEOUT: durationMs('15s'),
    ALLOW_HTTP_URLS: booleanFlag(false),
    ALLOWED_PRIVATE_CIDRS: cidrList,
    USER_AGENT: z.string().min(1).default(`hookstream/${HOOKSTREAM_VERSION}`),
    DELIVERY_MAX_IN_FLIGHT: positiveInt(256),
    DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK: positiveInt(16),
    DELIVERY_BUFFER_PER_PARTITION: positiveInt(2_000),
    DELIVERY_MAX_QUEUED_PER_WEBHOOK: positiveInt(64),
    DELIVERY_SLOW_AFTER: durationMs('1s'),
    SHUTDOWN_DRAIN_TIMEOUT: durationMs('20s'),
    CONSUMER_LAG_INTERVAL: durationMs('15s'),
  })
  .superRefine(requireSecretsKeyInProduction)
  .superRefine(checkKafkaEnv)
  .transform((env) => ({
    kafka: kafkaSettings(env, 'hookstream-delivery'),
    ...observabilitySettings(env, 'delivery'),
    port: env.DELIVERY_PORT,
    retryScheduleMs: env.RETRY_SCHEDULE,
    timeoutMs: env.DELIVERY_TIMEOUT,
    urlPolicy: {
      allowHttp: env.ALLOW_HTTP_URLS,
      allowedPrivateCidrs: env.ALLOWED_PRIVATE_CIDRS,
    },
    secrets: resolveSecretsKeys(env),
    userAgent: env.USER_AGENT,
    concurrency: {
      maxInFlight: env.DELIVERY_MAX_IN_FLIGHT,
      maxInFlightPerWebhook: env.DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK,
      bufferPerPartition: env.DELIVERY_BUFFER_PER_PARTITION,
      maxQueuedPerWebhook: env.DELIVERY_MAX_QUEUED_PER_WEBHOOK,
      slowAfterMs: env.DELIVERY_SLOW_AFTER,
    },
    drainMs: env.SHUTDOWN_DRAIN_TIMEOUT,
    lagIntervalMs: env.CONSUMER_LAG_INTERVAL,
  }));

export type DeliveryConfig = z.output<typeof deliveryEnvSchema>;
