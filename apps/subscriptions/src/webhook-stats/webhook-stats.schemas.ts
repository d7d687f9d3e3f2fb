import { z } from 'zod';

/** The window a stats query covers when `since` is left out. */
export const DEFAULT_STATS_WINDOW_MS = 24 * 3_600_000;

const instant = z.iso
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .describe('An ISO 8601 date-time with offset, e.g. 2026-11-21T10:00:00Z');

/** `GET /v1/webhooks/:id/stats?since=&until=`: [since, until), by default the last 24 hours. */
export const webhookStatsQuerySchema = z
  .strictObject({
    since: instant.optional().describe('Start (inclusive); defaults to 24 hours before until'),
    until: instant.optional().describe('End (exclusive); defaults to now'),
  })
  .transform(({ since, until }, ctx) => {
    const end = until ?? new Date();
    const start = since ?? new Date(end.getTime() - DEFAULT_STATS_WINDOW_MS);
    if (start.getTime() >= end.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['since'], message: 'must be before until' });
      return z.NEVER;
    }
    return { since: start, until: end };
  });
export type WebhookStatsQuery = z.output<typeof webhookStatsQuerySchema>;

const nullableInstant = z.iso.datetime().nullable();

export const webhookStatsJsonSchema = z
  .object({
    since: z.iso.datetime(),
    until: z.iso.datetime(),
    attempts: z.number().int().describe('Delivery attempts made in the window'),
    successes: z.number().int().describe('Attempts answered with a 2xx'),
    failures: z.number().int().describe('Every other attempt: non-2xx, timeout, network error'),
    successRate: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe('successes / attempts; null without attempts'),
    durationMs: z
      .object({
        p50: z.number().int().nullable(),
        p95: z.number().int().nullable(),
      })
      .describe('Attempt duration percentiles in milliseconds; null without attempts'),
    messages: z.object({
      pending: z.number().int().describe('Messages created in the window that are still pending'),
      failed: z.number().int().describe('Messages created in the window that failed'),
    }),
    lastSuccessAt: nullableInstant.describe('The latest successful attempt in the window'),
    lastFailureAt: nullableInstant.describe('The latest failed attempt in the window'),
  })
  .meta({ title: 'WebhookStats' });
export type WebhookStatsJson = z.output<typeof webhookStatsJsonSchema>;
