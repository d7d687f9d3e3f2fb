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
import { AUDIENCE_METADATA, type Audience, type AuthenticatedRequest } from './principal';

export const API_PREFIX = 'v1';

/** Name of the bearer security scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

/**
 * A management-API controller: mounted under `/v1`, always behind BearerAuthGuard (so no route
 * can be added without authentication) and the Idempotency-Key interceptor, and documented in
 * the OpenAPI document under `tag`. Routes act for the caller's company unless marked
 * `@AdminOnly()` or `@AnyPrincipal()`.
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
export const AdminOnly = (): ClassDecorator & MethodDecorator =>
  SetMetadata<string, Audience>(AUDIENCE_METADATA, 'admin');

/** The admin token and API keys alike may call this route. */
export const AnyPrincipal = (): ClassDecorator & MethodDecorator =>
  SetMetadata<string, Audience>(AUDIENCE_METADATA, 'any');

/** The id of the company whose API key made the request. */
export const CurrentCompany = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (principal?.kind !== 'company') {
      // A programming error: the route is not behind BearerAuthGuard with the company audience.
      throw new Error('@CurrentCompany() used on a route that does not authenticate a company');
    }
    return principal.companyId;
  },
);
