import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { APP_CONFIG } from '@app/config';
import { ApiError } from '@app/http-kit';
import { IsNull, LessThan, MoreThan, type Repository } from 'typeorm';
import { type Principal } from '../auth/principal';
import { CompanyEntity } from '../companies/company.entity';
import { encodeIdCursor } from '../common/cursor';
import { newId } from '../common/ids';
import { type Page, toPage } from '../common/pagination';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { PortalLinkEntity } from './portal-link.entity';
import { PortalSessionEntity } from './portal-session.entity';
import { portalLinkTokens, portalSessionTokens } from './portal-tokens';
import {
  type CreatedPortalLinkJson,
  type CreatePortalLinkBody,
  type CurrentPortalSessionJson,
  isPortalLinkId,
  type ListPortalLinksQuery,
  type OpenedPortalSessionJson,
  type PortalLinkJson,
} from './portal.schemas';

/** Links expired this long ago are deleted (with their sessions); until then they are listed. */
const KEEP_EXPIRED_LINKS_MS = 7 * 86_400_000;

/** Who may make and revoke links: the admin token, or a company's API key. */
export type LinkMaker = Extract<Principal, { kind: 'admin' | 'company' }>;
export type PortalSession = Extract<Principal, { kind: 'portal' }>;
export type PortalLink = Extract<Principal, { kind: 'portal-link' }>;

/**
 * Portal links and sessions. A link's token (random, stored as SHA-256) opens sessions for one
 * company until the link expires or is revoked; a session's token (also random, also hashed)
 * is what the page then sends, and it ends with its link.
 */
@Injectable()
export class PortalService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: SubscriptionsConfig,
    @InjectRepository(PortalLinkEntity) private readonly links: Repository<PortalLinkEntity>,
    @InjectRepository(PortalSessionEntity)
    private readonly sessions: Repository<PortalSessionEntity>,
    @InjectRepository(CompanyEntity) private readonly companies: Repository<CompanyEntity>,
  ) {}

  async createLink(
    principal: LinkMaker,
    body: CreatePortalLinkBody,
    requestOrigin: string,
  ): Promise<CreatedPortalLinkJson> {
    const companyId = await this.companyFor(principal, body.company);
    const token = portalLinkTokens.generate();
    const now = new Date();
    const link = this.links.create({
      id: newId('pl'),
      companyId,
      tokenHash: portalLinkTokens.hash(token),
      readOnly: body.readOnly,
      createdBy: principal.kind === 'admin' ? 'admin' : principal.apiKeyId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + body.expiresInSeconds * 1_000),
      revokedAt: null,
    });
    await this.links.insert(link);
    await this.links.delete({
      expiresAt: LessThan(new Date(now.getTime() - KEEP_EXPIRED_LINKS_MS)),
    });
    const base = this.config.console.publicUrl ?? `${requestOrigin}/console`;
    return {
      id: link.id,
      url: `${base}/portal#token=${token}`,
      company: companyId,
      readOnly: link.readOnly,
      expiresAt: link.expiresAt.toISOString(),
    };
  }

  async listLinks(
    principal: LinkMaker,
    query: ListPortalLinksQuery,
  ): Promise<Page<PortalLinkJson>> {
    const companyId = await this.companyFor(principal, query.company);
    const rows = await this.links.find({
      where: { companyId, ...(query.cursor ? { id: MoreThan(query.cursor) } : {}) },
      order: { id: 'ASC' },
      take: query.limit + 1,
    });
    const now = Date.now();
    return toPage(
      rows,
      query.limit,
      (row) => toPortalLinkJson(row, now),
      (row) => encodeIdCursor(row.id),
    );
  }

  /** Ends the link and every session opened with it (authentication checks the link each time). */
  async revokeLink(principal: LinkMaker, id: string): Promise<void> {
    const scope = principal.kind === 'admin' ? {} : { companyId: principal.companyId };
    const result = isPortalLinkId(id)
      ? await this.links.update({ id, revokedAt: IsNull(), ...scope }, { revokedAt: new Date() })
      : { affected: 0 };
    if (!result.affected) throw ApiError.notFound('Portal link');
  }

  async openSession(link: PortalLink): Promise<OpenedPortalSessionJson> {
    const row = await this.links.findOneByOrFail({ id: link.linkId });
    const token = portalSessionTokens.generate();
    const session = this.sessions.create({
      id: newId('ps'),
      linkId: link.linkId,
      tokenHash: portalSessionTokens.hash(token),
      createdAt: new Date(),
      expiresAt: row.expiresAt,
    });
    await this.sessions.insert(session);
    return {
      ...(await this.describe(session.id, link.companyId, link.readOnly, row.expiresAt)),
      token,
    };
  }

  async currentSession(session: PortalSession): Promise<CurrentPortalSessionJson> {
    const row = await this.sessions.findOneByOrFail({ id: session.sessionId });
    return this.describe(session.sessionId, session.companyId, session.readOnly, row.expiresAt);
  }

  private async describe(
    id: string,
    companyId: string,
    readOnly: boolean,
    expiresAt: Date,
  ): Promise<CurrentPortalSessionJson> {
    const company = await this.companies.findOneByOrFail({ id: companyId });
    return {
      id,
      company: { id: company.id, name: company.name },
      readOnly,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** An API key's own company; the admin token must name one that exists. */
  private async companyFor(principal: LinkMaker, named: string | undefined): Promise<string> {
    if (principal.kind === 'company') {
      if (named !== undefined && named !== principal.companyId) {
        throw ApiError.badRequest(
          'validation_failed',
          'company: only the admin token names a company; an API key acts for its own',
          [{ path: 'company', message: 'must be left out with an API key' }],
        );
      }
      return principal.companyId;
    }
    if (named === undefined) {
      throw ApiError.badRequest('validation_failed', 'company: is required with the admin token', [
        { path: 'company', message: 'is required with the admin token' },
      ]);
    }
    if (!(await this.companies.existsBy({ id: named }))) throw ApiError.notFound('Company');
    return named;
  }
}

function toPortalLinkJson(link: PortalLinkEntity, now: number): PortalLinkJson {
  return {
    id: link.id,
    company: link.companyId,
    readOnly: link.readOnly,
    createdBy: link.createdBy,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    status: link.revokedAt ? 'revoked' : link.expiresAt.getTime() <= now ? 'expired' : 'active',
  };
}
