import { z } from 'zod';

/**
 * What a subscriptions process runs (SUBSCRIPTIONS_ROLES). The API scales with requests, the log
 * projector with the partitions of hookstream.deliveries and hookstream.attempts, and the
 * periodic jobs need one process at most, so each can be a Deployment of its own.
 *
 * - `api`: the management API under /v1 and its OpenAPI document;
 * - `projector`: the log projector (consumers of hookstream.deliveries and hookstream.attempts),
 *   which also disables webhooks and records operational events;
 * - `maintenance`: the periodic jobs (log partitions and retention, the republish sweep, secret
 *   re-encryption, idempotency-key clean-up, the operational-event sweep).
 *
 * Every role serves /health and /metrics and migrates the database at start.
 */
export const SUBSCRIPTIONS_ROLE_NAMES = ['api', 'projector', 'maintenance'] as const;
export type SubscriptionsRole = (typeof SUBSCRIPTIONS_ROLE_NAMES)[number];
export type SubscriptionsRoles = Readonly<Record<SubscriptionsRole, boolean>>;

/** The env field: a comma-separated, non-empty list of role names (default: all of them). */
export const subscriptionsRolesField = z
  .string()
  .default(SUBSCRIPTIONS_ROLE_NAMES.join(','))
  .transform((text, ctx): SubscriptionsRoles => {
    const names = text
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const unknown = names.filter(
      (name) => !(SUBSCRIPTIONS_ROLE_NAMES as readonly string[]).includes(name),
    );
    if (names.length === 0 || unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message:
          `expected a comma-separated list of ${SUBSCRIPTIONS_ROLE_NAMES.join(', ')}` +
          (unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : '; got none'),
      });
      return z.NEVER;
    }
    return {
      api: names.includes('api'),
      projector: names.includes('projector'),
      maintenance: names.includes('maintenance'),
    };
  });

/** `api,projector` for log lines. */
export function describeRoles(roles: SubscriptionsRoles): string {
  return SUBSCRIPTIONS_ROLE_NAMES.filter((name) => roles[name]).join(',');
}
