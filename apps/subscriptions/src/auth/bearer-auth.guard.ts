import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '@app/http-kit';
import { Authenticator } from './authenticator.service';
import {
  AUDIENCE_METADATA,
  AUDIENCES,
  type Audience,
  type AuthenticatedRequest,
  type Principal,
} from './principal';

const BEARER = /^Bearer +(\S+) *$/i;
/** What a read-only portal session may still do. */
const READ_METHODS = new Set(['GET', 'HEAD']);

const REFUSALS: Record<Audience, string> = {
  company: 'This route acts for a company: call it with that company’s API key',
  admin: 'Only the admin token may do this',
  any: 'Call this route with the admin token, an API key or a portal session',
  'api-key': 'Only an API key may do this',
  'api-key-or-admin': 'Only an API key or the admin token may do this',
  portal: 'Only a portal session may do this',
  'portal-link': 'Only a portal link’s token opens a portal session',
};

/**
 * Every `/v1` route: 401 without a valid token; 403 when the token is valid but not of the
 * route's audience (see AUDIENCES; an API key on an admin route, the admin token on a company
 * route), and 403 `read_only` when a read-only portal session tries to change something.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw ApiError.unauthorized();
    const principal = await this.authenticator.authenticate(token);
    if (!principal) throw ApiError.unauthorized();

    const audience =
      this.reflector.getAllAndOverride<Audience | undefined>(AUDIENCE_METADATA, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'company';
    if (!(AUDIENCES[audience] as readonly Principal['kind'][]).includes(principal.kind)) {
      throw ApiError.forbidden(REFUSALS[audience]);
    }
    if (
      principal.kind === 'portal' &&
      principal.readOnly &&
      !READ_METHODS.has((request.method ?? '').toUpperCase())
    ) {
      throw new ApiError(403, 'read_only', 'This portal session is read-only');
    }
    request.principal = principal;
    return true;
  }
}
