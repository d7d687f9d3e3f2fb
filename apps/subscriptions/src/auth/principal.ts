import { type IncomingMessage } from 'node:http';

/** Who a request acts as: the operator (admin token) or one company (its API key). */
export type Principal =
  { kind: 'admin' } | { kind: 'company'; companyId: string; apiKeyId: string };

/** Which principals a route accepts: `any` takes both (read-only catalog routes). */
export type Audience = 'admin' | 'company' | 'any';

/** The request as the guard leaves it (express requests are IncomingMessages). */
export interface AuthenticatedRequest extends IncomingMessage {
  principal?: Principal;
}

/** Route metadata naming the route's Audience (set by `@AdminOnly()`; default 'company'). */
export const AUDIENCE_METADATA = 'hookstream:audience';
