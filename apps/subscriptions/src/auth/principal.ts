import { type IncomingMessage } from 'node:http';

/**
 * Who a request acts as: the operator (admin token), one company through its API key, one
 * company through a portal session (the page a portal link opened; `readOnly` from the link),
 * or a portal link itself, which may only open a session.
 */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'company'; companyId: string; apiKeyId: string }
  | { kind: 'portal'; companyId: string; sessionId: string; linkId: string; readOnly: boolean }
  | { kind: 'portal-link'; companyId: string; linkId: string; readOnly: boolean };

export type PrincipalKind = Principal['kind'];

/**
 * Which principals a route accepts (the route's audience):
 * - `company` (the default): the company's API key or a portal session — its own data;
 * - `admin`: the admin token; `any`: admin, API key or portal session (the catalog);
 * - `api-key`: only an API key (publishing events is the platform's job, not a portal user's);
 * - `api-key-or-admin`: portal links, which a session must not mint (it would outlive itself);
 * - `portal`: only a portal session; `portal-link`: only a portal link (opening a session).
 */
export const AUDIENCES = {
  company: ['company', 'portal'],
  admin: ['admin'],
  any: ['admin', 'company', 'portal'],
  'api-key': ['company'],
  'api-key-or-admin': ['admin', 'company'],
  portal: ['portal'],
  'portal-link': ['portal-link'],
} as const satisfies Record<string, readonly PrincipalKind[]>;

export type Audience = keyof typeof AUDIENCES;

/** The request as the guard leaves it (express requests are IncomingMessages). */
export interface AuthenticatedRequest extends IncomingMessage {
  principal?: Principal;
}

/** Route metadata naming the route's Audience (default 'company'). */
export const AUDIENCE_METADATA = 'hookstream:audience';

/** The company a principal acts for, if any. */
export function companyOf(principal: Principal): string | undefined {
  return principal.kind === 'admin' ? undefined : principal.companyId;
}
