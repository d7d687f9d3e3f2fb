import { randomBytes } from 'node:crypto';
import {
  booleanFlag,
  checkKafkaEnv,
  cidrList,
  databaseUrl,
  durationMs,
  kafkaEnvFields,
  kafkaSettings,
  observabilitySettings,
  observabilityEnvFields,
  port,
  requireSecretsKeyInProduction,
  resolveSecretsKeys,
  secretsEnvFields,
} from '@app/config';
import { z } from 'zod';
import { subscriptionsRolesField } from './roles/subscriptions-roles';

/** The log is stored in day partitions; a shorter retention could not be honoured. */
const MIN_LOG_RETENTION_MS = 86_400_000;
import { parseFrameAncestors } from './console/frame-ancestors';

/** `PORTAL_FRAME_ANCESTORS`: the CSP frame-ancestors sources of the console (default: nobody). */
const frameAncestors = z
  .string()
  .default("'none'")
  .transform((text, ctx) => {
    const result = parseFrameAncestors(text);
    if (result.ok) return result.sources;
    ctx.addIssue({ code: 'custom', message: result.error });
    return z.NEVER;
  });

/** An http(s) base URL without query or fragment; a trailing slash is dropped. */
const baseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine((text) => !/[?#]/.test(text), 'must not have a query or fragment')
  .transform((text) => text.replace(/\/+$/, ''));

/** Shorter admin tokens are refused in production (they can be guessed). */
const MIN_PRODUCTION_ADMIN_TOKEN_LENGTH = 24;

export const subscriptionsEnvSchema = z
  .object({
    ...secretsEnvFields,
    ...kafkaEnvFields,
    ...observabilityEnvFields,
    DATABASE_URL: databaseUrl,
    ADMIN_TOKEN: z
      .string()
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional(),
    SUBSCRIPTIONS_PORT: port(3000),
    ALLOW_HTTP_URLS: booleanFlag(false),
    ALLOWED_PRIVATE_CIDRS: cidrList,
    DISABLE_ON_EXHAUSTION: booleanFlag(true),
    API_KEY_CACHE_TTL: durationMs('5s'),
    SHUTDOWN_DRAIN_TIMEOUT: durationMs('10s'),
    CONSUMER_LAG_INTERVAL: durationMs('15s'),
    SUBSCRIPTIONS_ROLES: subscriptionsRolesField,
    LOG_RETENTION: durationMs('30d').pipe(
      z
        .number()
        .min(MIN_LOG_RETENTION_MS, 'must be at least 1d (the log is kept in day partitions)'),
    ),
    PORTAL_FRAME_ANCESTORS: frameAncestors,
    CONSOLE_PUBLIC_URL: baseUrl.optional(),
    FANOUT_URL: z.string().default('http://127.0.0.1:3001').pipe(baseUrl),
    DELIVERY_URL: z.string().default('http://127.0.0.1:3002').pipe(baseUrl),
  })
  .superRefine(requireSecretsKeyInProduction)
  .superRefine(checkKafkaEnv)
  .superRefine((env, ctx) => {
    // Only the API authenticates; a projector or maintenance process needs no admin token.
    if (env.NODE_ENV !== 'production' || !env.SUBSCRIPTIONS_ROLES.api) return;
    if (!env.ADMIN_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_TOKEN'], message: 'is required in production' });
    } else if (env.ADMIN_TOKEN.length < MIN_PRODUCTION_ADMIN_TOKEN_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_TOKEN'],
        message: `must be at least ${MIN_PRODUCTION_ADMIN_TOKEN_LENGTH} characters in production`,
      });
    }
  })
  .transform((env) => ({
    production: env.NODE_ENV === 'production',
    roles: env.SUBSCRIPTIONS_ROLES,
    kafka: kafkaSettings(env, 'hookstream-subscriptions'),
    ...observabilitySettings(env, 'subscriptions'),
    database: { url: env.DATABASE_URL },
    port: env.SUBSCRIPTIONS_PORT,
    admin: env.ADMIN_TOKEN
      ? { token: env.ADMIN_TOKEN, generated: false }
      : // Development only (production requires one): a fresh token, logged at start.
        { token: `hsadm_${randomBytes(24).toString('base64url')}`, generated: true },
    /** How long a valid API key is remembered; a revocation elsewhere takes up to this long. */
    auth: { apiKeyCacheTtlMs: env.API_KEY_CACHE_TTL },
    secrets: {
      ...resolveSecretsKeys(env),
      usingDevelopmentKey: env.SECRETS_ENCRYPTION_KEY === undefined,
    },
    webhooks: {
      allowHttpUrls: env.ALLOW_HTTP_URLS,
      allowedPrivateCidrs: env.ALLOWED_PRIVATE_CIDRS,
    },
    disableOnExhaustion: env.DISABLE_ON_EXHAUSTION,
    log: { retentionMs: env.LOG_RETENTION },
    drainMs: env.SHUTDOWN_DRAIN_TIMEOUT,
    lagIntervalMs: env.CONSUMER_LAG_INTERVAL,
    console: {
      frameAncestors: env.PORTAL_FRAME_ANCESTORS,
      /** Where portal links point (…/console); from each request's Host when unset. */
      publicUrl: env.CONSOLE_PUBLIC_URL,
    },
    /** The other apps, whose health and metrics the platform status gathers. */
    platform: { fanoutUrl: env.FANOUT_URL, deliveryUrl: env.DELIVERY_URL },
  }));

export type SubscriptionsConfig = z.output<typeof subscriptionsEnvSchema>;
