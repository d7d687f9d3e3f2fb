import { ConfigError, DEVELOPMENT_SECRETS_KEY, loadConfig } from '@app/config';
import { subscriptionsEnvSchema } from './subscriptions.config';

const realKey = Buffer.alloc(32, 1).toString('base64');

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(subscriptionsEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('subscriptions config', () => {
  it('has development defaults, generating an admin token', () => {
    const config = loadConfig(subscriptionsEnvSchema, {});
    expect(config).toMatchObject({
      production: false,
      kafka: { brokers: ['127.0.0.1:9092'], partitions: 3 },
      database: { url: 'postgres://postgres@127.0.0.1:5432/hookstream' },
      port: 3000,
      webhooks: { allowHttpUrls: false, allowedPrivateCidrs: [] },
      disableOnExhaustion: true,
      roles: { api: true, projector: true, maintenance: true },
      log: { retentionMs: 30 * 86_400_000 },
      secrets: { currentKey: DEVELOPMENT_SECRETS_KEY, previousKeys: [], usingDevelopmentKey: true },
      console: { frameAncestors: ["'none'"], publicUrl: undefined },
      platform: { fanoutUrl: 'http://127.0.0.1:3001', deliveryUrl: 'http://127.0.0.1:3002' },
    });
    expect(config.admin.generated).toBe(true);
    expect(config.admin.token.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig(subscriptionsEnvSchema, {}).admin.token).not.toBe(config.admin.token);
  });

  it('reads every variable', () => {
    const config = loadConfig(subscriptionsEnvSchema, {
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      KAFKA_TOPIC_PARTITIONS: '6',
      KAFKA_GROUP_INSTANCE_ID: 'hookstream-projector-7d9f-x2k4q',
      DATABASE_URL: 'postgresql://u:p@db:5432/hs',
      ADMIN_TOKEN: 'a-secret-token',
      SUBSCRIPTIONS_PORT: '8080',
      ALLOW_HTTP_URLS: 'true',
      ALLOWED_PRIVATE_CIDRS: '10.1.0.0/16, fd00::/8',
      DISABLE_ON_EXHAUSTION: 'false',
      SECRETS_ENCRYPTION_KEY: realKey,
      SECRETS_ENCRYPTION_PREVIOUS_KEYS: `${DEVELOPMENT_SECRETS_KEY}`,
      PORTAL_FRAME_ANCESTORS: "'self' https://app.example.com",
      CONSOLE_PUBLIC_URL: 'https://hooks.example.com/console/',
      FANOUT_URL: 'http://hookstream-fanout:3001',
      DELIVERY_URL: 'http://hookstream-delivery:3002',
    });
    expect(config).toMatchObject({
      kafka: {
        brokers: ['k1:9092', 'k2:9092'],
        partitions: 6,
        consumer: { groupInstanceId: 'hookstream-projector-7d9f-x2k4q' },
      },
      database: { url: 'postgresql://u:p@db:5432/hs' },
      admin: { token: 'a-secret-token', generated: false },
      port: 8080,
      webhooks: { allowHttpUrls: true, allowedPrivateCidrs: ['10.1.0.0/16', 'fd00::/8'] },
      disableOnExhaustion: false,
      secrets: {
        currentKey: realKey,
        previousKeys: [DEVELOPMENT_SECRETS_KEY],
        usingDevelopmentKey: false,
      },
      console: {
        frameAncestors: ["'self'", 'https://app.example.com'],
        publicUrl: 'https://hooks.example.com/console',
      },
      platform: {
        fanoutUrl: 'http://hookstream-fanout:3001',
        deliveryUrl: 'http://hookstream-delivery:3002',
      },
    });
  });

  it('requires a real admin token and encryption key in production, naming the variables', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'SECRETS_ENCRYPTION_KEY: is required in production',
      'ADMIN_TOKEN: is required in production',
    ]);
    expect(
      problemsOf({ NODE_ENV: 'production', ADMIN_TOKEN: 'short', SECRETS_ENCRYPTION_KEY: realKey }),
    ).toEqual(['ADMIN_TOKEN: must be at least 24 characters in production']);
    const config = loadConfig(subscriptionsEnvSchema, {
      NODE_ENV: 'production',
      ADMIN_TOKEN: 'x'.repeat(32),
      SECRETS_ENCRYPTION_KEY: realKey,
    });
    expect(config.production).toBe(true);
  });

  it('refuses to start in production without SECRETS_ENCRYPTION_KEY, whatever else is set', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        ADMIN_TOKEN: 'x'.repeat(32),
        SECRETS_ENCRYPTION_PREVIOUS_KEYS: realKey,
      }),
    ).toEqual(['SECRETS_ENCRYPTION_KEY: is required in production']);
  });

  it('names ALLOWED_PRIVATE_CIDRS when an entry is not a CIDR', () => {
    const [problem] = problemsOf({ ALLOWED_PRIVATE_CIDRS: '10.0.0.0/8, 10/8' });
    expect(problem).toMatch(/^ALLOWED_PRIVATE_CIDRS: invalid CIDR "10\/8"/);
    expect(problemsOf({ ALLOWED_PRIVATE_CIDRS: '10.1.2.3/16' })).toHaveLength(1);
  });

  it('rejects malformed values', () => {
    for (const env of [
      { SUBSCRIPTIONS_PORT: 'http' },
      { KAFKA_BROKERS: 'no-port' },
      { KAFKA_GROUP_INSTANCE_ID: 'pod name with spaces' },
      { DATABASE_URL: 'mysql://x' },
      { ALLOW_HTTP_URLS: 'maybe' },
      { ADMIN_TOKEN: 'has space' },
      { SECRETS_ENCRYPTION_KEY: 'dG9vIHNob3J0' },
      { PORTAL_FRAME_ANCESTORS: 'https://a.example.com; script-src *' },
      { CONSOLE_PUBLIC_URL: 'ftp://hooks.example.com/console' },
      { CONSOLE_PUBLIC_URL: 'https://hooks.example.com/console#x' },
      { FANOUT_URL: 'not a url' },
    ]) {
      expect(() => loadConfig(subscriptionsEnvSchema, env)).toThrow(ConfigError);
    }
  });

  it('runs the roles SUBSCRIPTIONS_ROLES lists, and names the variable for anything else', () => {
    expect(loadConfig(subscriptionsEnvSchema, { SUBSCRIPTIONS_ROLES: 'projector' }).roles).toEqual({
      api: false,
      projector: true,
      maintenance: false,
    });
    expect(
      loadConfig(subscriptionsEnvSchema, { SUBSCRIPTIONS_ROLES: ' maintenance , api ' }).roles,
    ).toEqual({ api: true, projector: false, maintenance: true });
    expect(problemsOf({ SUBSCRIPTIONS_ROLES: 'api,worker' })).toEqual([
      'SUBSCRIPTIONS_ROLES: expected a comma-separated list of api, projector, maintenance; unknown: worker',
    ]);
    expect(problemsOf({ SUBSCRIPTIONS_ROLES: ' , ' })).toEqual([
      'SUBSCRIPTIONS_ROLES: expected a comma-separated list of api, projector, maintenance; got none',
    ]);
  });

  it('keeps the log LOG_RETENTION long, at least a day', () => {
    expect(loadConfig(subscriptionsEnvSchema, { LOG_RETENTION: '7d' }).log.retentionMs).toBe(
      7 * 86_400_000,
    );
    expect(problemsOf({ LOG_RETENTION: '12h' })).toEqual([
      'LOG_RETENTION: must be at least 1d (the log is kept in day partitions)',
    ]);
    expect(problemsOf({ LOG_RETENTION: 'a month' })).toEqual([
      'LOG_RETENTION: "a month" is not a duration like 500ms, 5s, 2m, 1h',
    ]);
  });

  it('asks for an admin token in production only where the API runs', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        SECRETS_ENCRYPTION_KEY: realKey,
        SUBSCRIPTIONS_ROLES: 'projector,maintenance',
      }),
    ).toEqual([]);
    expect(
      problemsOf({
        NODE_ENV: 'production',
        SECRETS_ENCRYPTION_KEY: realKey,
        SUBSCRIPTIONS_ROLES: 'api',
      }),
    ).toEqual(['ADMIN_TOKEN: is required in production']);
  });
});
