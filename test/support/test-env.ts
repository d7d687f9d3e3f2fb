/**
 * The environment every e2e app runs with, on top of what scripts/test.mjs provides
 * (KAFKA_BROKERS, DATABASE_URL). Free of imports, so jest's global setup can use it.
 */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export const TEST_ENV: Record<string, string> = {
  ADMIN_TOKEN: TEST_ADMIN_TOKEN,
  SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  ALLOW_HTTP_URLS: 'true',
  ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8',
  SUBSCRIPTIONS_PORT: '0',
  FANOUT_PORT: '0',
  DELIVERY_PORT: '0',
  DELIVERY_TIMEOUT: '3s',
  // One schedule for every test file: a retry tier's partitions are ordered by due time only
  // while all its jobs wait the same delay.
  RETRY_SCHEDULE: '500ms,1s,2s',
  SHUTDOWN_DRAIN_TIMEOUT: '2s',
  // The broker's floor (group.min.session.timeout.ms): a killed app's partitions move on fast.
  KAFKA_SESSION_TIMEOUT: '6s',
  KAFKA_HEARTBEAT_INTERVAL: '1s',
  CONSUMER_LAG_INTERVAL: '500ms',
};
