import { Get, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodBody, ZodQuery, ZodResponse } from '@app/http-kit';
import {
  ApiController,
  CurrentPrincipal,
  PortalLinkOnly,
  PortalSessionOnly,
} from '../auth/auth.decorators';
import { emptyBodySchema, noQuerySchema } from '../common/request-schemas';
import { type PortalLink, type PortalSession, PortalService } from './portal.service';
import {
  type CurrentPortalSessionJson,
  currentPortalSessionJsonSchema,
  type OpenedPortalSessionJson,
  openedPortalSessionJsonSchema,
} from './portal.schemas';

@ApiController('portal-sessions', 'portal')
export class PortalSessionsController {
  constructor(private readonly portal: PortalService) {}

  @Post()
  @PortalLinkOnly()
  @ApiOperation({
    summary: 'Exchange a portal link’s token (as the bearer token) for a session',
    description:
      'Call with `Authorization: Bearer hspl_…` (the token from the link’s fragment). The ' +
      'session acts for the link’s company only, may only read when the link is read-only, and ' +
      'ends when the link expires or is revoked. Expired or revoked links answer 401.',
  })
  @ZodResponse(201, openedPortalSessionJsonSchema, 'Opened')
  @ApiErrorResponses(400, 413)
  open(
    @CurrentPrincipal() link: PortalLink,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(emptyBodySchema) _body: unknown,
  ): Promise<OpenedPortalSessionJson> {
    return this.portal.openSession(link);
  }

  @Get('current')
  @PortalSessionOnly()
  @ApiOperation({ summary: 'The portal session making the request: its company and limits' })
  @ZodResponse(200, currentPortalSessionJsonSchema, 'The session')
  @ApiErrorResponses(400)
  current(
    @CurrentPrincipal() session: PortalSession,
    @ZodQuery(noQuerySchema) _query: object,
  ): Promise<CurrentPortalSessionJson> {
    return this.portal.currentSession(session);
  }
}
