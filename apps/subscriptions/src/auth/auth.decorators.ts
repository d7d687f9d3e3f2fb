import {
  applyDecorators,
  Controller,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@app/http-kit';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { BearerAuthGuard } from './bearer-auth.guard';
import {
  AUDIENCE_METADATA,
  type Audience,
  type AuthenticatedRequest,
  companyOf,
  type Principal,
} from './principal';

export const API_PREFIX = 'v1';

/** Name of the bearer security scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

/**
 * A management-API controller: mounted under `/v1`, always behind BearerAuthGuard (so no route
 * can be added without authentication) and the Idempotency-Key interceptor, and documented in
 * the OpenAPI document under `tag`. Routes act for the caller's company (its API key or a portal
 * session) unless marked with another audience (`@AdminOnly()`, `@AnyPrincipal()`, …).
 */
export function ApiController(path: string, tag: string): ClassDecorator {
  return applyDecorators(
    Controller(`${API_PREFIX}/${path}`),
    UseGuards(BearerAuthGuard),
    UseInterceptors(IdempotencyInterceptor),
    ApiTags(tag),
    ApiBearerAuth(BEARER_SCHEME),
    ApiErrorResponses(401, 403),
  );
}

/** Only the admin token may call this route (or every route of this controller). */
export const AdminOnly = (): ClassDecorator & MethodDecorator => audience('admin');

/** The admin token, API keys and portal sessions alike may call this route. */
export const AnyPrincipal = (): ClassDecorator & MethodDecorator => audience('any');

/** Only an API key: not a portal session (nor the admin token). */
export const ApiKeyOnly = (): ClassDecorator & MethodDecorator => audience('api-key');

/** An API key (for its company) or the admin token (for any company); not a portal session. */
export const ApiKeyOrAdmin = (): ClassDecorator & MethodDecorator => audience('api-key-or-admin');

/** Only a portal session. */
export const PortalSessionOnly = (): ClassDecorator & MethodDecorator => audience('portal');

/** Only a portal link's token (`hspl_…`). */
export const PortalLinkOnly = (): ClassDecorator & MethodDecorator => audience('portal-link');

function audience(name: Audience): ClassDecorator & MethodDecorator {
  return SetMetadata<string, Audience>(AUDIENCE_METADATA, name);
}

/** The request's principal, as BearerAuthGuard left it. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    // A programming error: the route is not behind BearerAuthGuard.
    if (!principal) throw new Error('@CurrentPrincipal() used on a route without BearerAuthGuard');
    return principal;
  },
);

/** The id of the company the request acts for (its API key's, or its portal session's). */
export const CurrentCompany = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    const company = principal ? companyOf(principal) : undefined;
    if (company === undefined) {
      // A programming error: the route is not behind BearerAuthGuard with a company audience.
      throw new Error('@CurrentCompany() used on a route that does not authenticate a company');
    }
    return company;
  },
);
