import { bearerSecretKind } from '../common/bearer-secret';

/**
 * A portal link's token (`hspl_…`): travels in the link's URL fragment, and is good for one
 * thing only, POST /v1/portal-sessions, until the link expires or is revoked.
 */
export const portalLinkTokens = bearerSecretKind('hspl_');

/** A portal session's token (`hsps_…`): what the page sends as its bearer token. */
export const portalSessionTokens = bearerSecretKind('hsps_');
