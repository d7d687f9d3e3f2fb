import { z } from 'zod';
import { durationMs, kafkaBrokers, positiveInt } from './env-schemas';

/** Environment fields of every app that talks to Kafka. */
export const kafkaEnvFields = {
  KAFKA_BROKERS: kafkaBrokers,
  KAFKA_TOPIC_PARTITIONS: positiveInt(3),
  KAFKA_REPLICATION_FACTOR: positiveInt(1),
  KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().positive().optional(),
  /**
   * How long the group waits for a silent member before giving its partitions to others: also
   * how long a restarted app waits for its dead predecessor. Kafka's floor is
   * group.min.session.timeout.ms (6 s by default).
   */
  KAFKA_SESSION_TIMEOUT: durationMs('8s'),
  KAFKA_HEARTBEAT_INTERVAL: durationMs('1s'),
  /**
   * This process's static group membership (Kafka's group.instance.id), unique among the live
   * processes of an app: a process restarted under the same id takes its predecessor's
   * partitions back at once, without waiting out the session timeout or a rebalance. Unset:
   * dynamic membership. In Kubernetes, the pod's name.
   */
  KAFKA_GROUP_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits, ".", "_" and "-" only (at most 200)')
    .optional(),
  /** Longest wait between two attempts to reach a broker that is away. */
  KAFKA_RECONNECT_MAX_DELAY: durationMs('1s'),
  /** Shortest time between two offset commits of a consumer: what a crash can make redo. */
  KAFKA_COMMIT_INTERVAL: durationMs('25ms'),
  /** How long a produced record waits for others to share its request. */
  KAFKA_LINGER: durationMs('5ms'),
};

type KafkaEnv = z.output<z.ZodObject<typeof kafkaEnvFields>>;

/** The `kafka` section of an app's config. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number | undefined;
  reconnectMaxDelayMs: number;
  producer: { lingerMs: number };
  consumer: {
    sessionTimeoutMs: number;
    heartbeatIntervalMs: number;
    commitIntervalMs: number;
    reconnectMaxDelayMs: number;
    groupInstanceId: string | undefined;
  };
}

export function kafkaSettings(env: KafkaEnv, clientId: string): KafkaSettings {
  return {
    brokers: env.KAFKA_BROKERS,
    clientId,
    partitions: env.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: env.KAFKA_REPLICATION_FACTOR,
    minInsyncReplicas: env.KAFKA_MIN_INSYNC_REPLICAS,
    reconnectMaxDelayMs: env.KAFKA_RECONNECT_MAX_DELAY,
    producer: { lingerMs: env.KAFKA_LINGER },
    consumer: {
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT,
      heartbeatIntervalMs: env.KAFKA_HEARTBEAT_INTERVAL,
      commitIntervalMs: env.KAFKA_COMMIT_INTERVAL,
      reconnectMaxDelayMs: env.KAFKA_RECONNECT_MAX_DELAY,
      groupInstanceId: env.KAFKA_GROUP_INSTANCE_ID,
    },
  };
}

/** Cross-field rules of the Kafka settings, for an app schema's superRefine. */
export function checkKafkaEnv(env: KafkaEnv, ctx: z.RefinementCtx): void {
  if (env.KAFKA_HEARTBEAT_INTERVAL >= env.KAFKA_SESSION_TIMEOUT) {
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKA_HEARTBEAT_INTERVAL'],
      message: 'must be shorter than KAFKA_SESSION_TIMEOUT (about a third of it)',
    });
  }
  if (
    env.KAFKA_MIN_INSYNC_REPLICAS !== undefined &&
    env.KAFKA_MIN_INSYNC_REPLICAS > env.KAFKA_REPLICATION_FACTOR
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKA_MIN_INSYNC_REPLICAS'],
      message: 'must not exceed KAFKA_REPLICATION_FACTOR (writes would always fail)',
    });
  }
}
