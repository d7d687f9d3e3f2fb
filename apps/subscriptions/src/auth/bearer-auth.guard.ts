import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '@app/http-kit';
import { Authenticator } from './authenticator.service';
import { AUDIENCE_METADATA, type Audience, type AuthenticatedRequest } from './principal';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Every `/v1` route: 401 without a valid token; 403 when the token is valid but of the wrong
 * kind (an API key on an admin route, the admin token on a company route). Routes marked
 * `@AnyPrincipal()` take either.
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
    if (audience === 'admin' && principal.kind !== 'admin') {
      throw ApiError.forbidden('Only the admin token may do this');
    }
    if (audience === 'company' && principal.kind !== 'company') {
      throw ApiError.forbidden(
        'This route acts for a company: call it with that company’s API key',
      );
    }
    request.principal = principal;
    return true;
  }
}
