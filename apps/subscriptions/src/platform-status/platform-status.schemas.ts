import { z } from 'zod';

export const APP_NAMES = ['subscriptions', 'fanout', 'delivery'] as const;
export type AppName = (typeof APP_NAMES)[number];

export const ATTEMPT_OUTCOMES = ['success', 'failure', 'timeout', 'error'] as const;

const appStatusSchema = z.object({
  name: z.enum(APP_NAMES),
  url: z.string().describe('Where it was asked (FANOUT_URL, DELIVERY_URL; this process itself)'),
  reachable: z.boolean().describe('Whether /health/ready and /metrics answered'),
  ready: z.boolean().describe('Its /health/ready'),
  checks: z.record(z.string(), z.boolean()).describe('The checks of its /health/ready'),
  error: z.string().nullable().describe('Why it could not be asked'),
});

const outcomeNumbersSchema = z.object(
  Object.fromEntries(ATTEMPT_OUTCOMES.map((outcome) => [outcome, z.number()])) as Record<
    (typeof ATTEMPT_OUTCOMES)[number],
    z.ZodNumber
  >,
);

export const platformStatusJsonSchema = z
  .object({
    checkedAt: z.iso.datetime(),
    apps: z.array(appStatusSchema),
    consumerLag: z
      .array(z.object({ app: z.enum(APP_NAMES), topic: z.string(), lag: z.number() }))
      .describe('hookstream_consumer_lag of each app, per topic it consumes'),
    deliveries: z.object({
      perSecond: outcomeNumbersSchema
        .nullable()
        .describe('Attempts per second by outcome; null until two readings a second apart'),
      windowSeconds: z.number().nullable().describe('The time the rates are measured over'),
      total: outcomeNumbersSchema
        .nullable()
        .describe('Attempts by outcome since the delivery process started'),
    }),
    deadLettered: z
      .number()
      .nullable()
      .describe('Messages dead-lettered since the delivery process started; null if unreachable'),
  })
  .meta({ title: 'PlatformStatus' });
export type PlatformStatusJson = z.output<typeof platformStatusJsonSchema>;
export type AppStatusJson = PlatformStatusJson['apps'][number];
