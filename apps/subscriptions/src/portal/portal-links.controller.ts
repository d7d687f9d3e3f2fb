import { Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodBody, ZodParam, ZodQuery, ZodResponse } from '@app/http-kit';
import { ApiController, ApiKeyOrAdmin, CurrentPrincipal } from '../auth/auth.decorators';
import { type Page } from '../common/pagination';
import { noQuerySchema, resourceIdParam } from '../common/request-schemas';
import { type LinkMaker, PortalService } from './portal.service';
import {
  type CreatedPortalLinkJson,
  createdPortalLinkJsonSchema,
  type CreatePortalLinkBody,
  createPortalLinkBodySchema,
  type ListPortalLinksQuery,
  listPortalLinksQuerySchema,
  type PortalLinkJson,
  portalLinkPageSchema,
} from './portal.schemas';
import { RequestOrigin } from './request-origin';

@ApiController('portal-links', 'portal')
@ApiKeyOrAdmin()
export class PortalLinksController {
  constructor(private readonly portal: PortalService) {}

  @Post()
  @ApiOperation({
    summary: 'Create a link that opens the portal for one company (API key, or admin naming it)',
    description:
      'Short-lived and revocable. The link carries its token in the URL fragment; the page ' +
      'exchanges it for a session (POST /v1/portal-sessions) that acts for that company only.',
  })
  @ZodResponse(201, createdPortalLinkJsonSchema, 'Created; the url is shown only now')
  @ApiErrorResponses(400, 404, 413)
  create(
    @CurrentPrincipal() principal: LinkMaker,
    @RequestOrigin() origin: string,
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(createPortalLinkBodySchema) body: CreatePortalLinkBody,
  ): Promise<CreatedPortalLinkJson> {
    return this.portal.createLink(principal, body, origin);
  }

  @Get()
  @ApiOperation({ summary: 'List portal links, oldest first (never their tokens)' })
  @ZodResponse(200, portalLinkPageSchema, 'One page')
  @ApiErrorResponses(400, 404)
  list(
    @CurrentPrincipal() principal: LinkMaker,
    @ZodQuery(listPortalLinksQuerySchema) query: ListPortalLinksQuery,
  ): Promise<Page<PortalLinkJson>> {
    return this.portal.listLinks(principal, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a portal link; its sessions stop working at once' })
  @ZodResponse(204, undefined, 'Revoked')
  @ApiErrorResponses(400, 404)
  revoke(
    @CurrentPrincipal() principal: LinkMaker,
    @ZodParam('id', resourceIdParam) id: string,
    @ZodQuery(noQuerySchema) _query: object,
  ): Promise<void> {
    return this.portal.revokeLink(principal, id);
  }
}
