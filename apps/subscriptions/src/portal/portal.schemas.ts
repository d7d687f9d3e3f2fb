import { z } from 'zod';
import { COMPANY_ID_PATTERN } from '../companies/company.schemas';
import { idCursorParam } from '../common/cursor';
import { isId } from '../common/ids';
import { limitParam } from '../common/pagination';
import { pageSchema } from '../common/request-schemas';

export const DEFAULT_LINK_SECONDS = 3_600;
export const MIN_LINK_SECONDS = 60;
export const MAX_LINK_SECONDS = 86_400;

export const isPortalLinkId = (id: string): boolean => isId('pl', id);

const companyField = z
  .string()
  .regex(COMPANY_ID_PATTERN, 'must be a company id')
  .describe('Admin token only (and then required): the company the portal opens for');

export const createPortalLinkBodySchema = z.strictObject({
  company: companyField.optional(),
  expiresInSeconds: z
    .number()
    .int()
    .min(MIN_LINK_SECONDS)
    .max(MAX_LINK_SECONDS)
    .default(DEFAULT_LINK_SECONDS)
    .describe('How long the link, and every session opened with it, works'),
  readOnly: z
    .boolean()
    .default(false)
    .describe('Sessions opened with the link may only read (GET)'),
});
export type CreatePortalLinkBody = z.output<typeof createPortalLinkBodySchema>;

export const listPortalLinksQuerySchema = z.strictObject({
  company: companyField.optional(),
  limit: limitParam,
  cursor: idCursorParam(isPortalLinkId).optional(),
});
export type ListPortalLinksQuery = z.output<typeof listPortalLinksQuerySchema>;

/** The answer to creating a link: the only time the link (its token) is shown. */
export const createdPortalLinkJsonSchema = z
  .object({
    id: z.string().describe('pl_…; revoke it with DELETE /v1/portal-links/:id'),
    url: z
      .string()
      .describe(
        'Opens the portal; the token is in the fragment (#token=hspl_…), so it reaches no server log',
      ),
    company: z.string(),
    readOnly: z.boolean(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ title: 'CreatedPortalLink' });
export type CreatedPortalLinkJson = z.output<typeof createdPortalLinkJsonSchema>;

export const portalLinkJsonSchema = z
  .object({
    id: z.string(),
    company: z.string(),
    readOnly: z.boolean(),
    createdBy: z.string().describe('admin, or the id of the API key that made it'),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    status: z.enum(['active', 'expired', 'revoked']),
  })
  .meta({ title: 'PortalLink' });
export type PortalLinkJson = z.output<typeof portalLinkJsonSchema>;

export const portalLinkPageSchema = pageSchema(portalLinkJsonSchema).meta({
  title: 'PortalLinkPage',
});

const sessionCompanySchema = z.object({ id: z.string(), name: z.string() });

export const currentPortalSessionJsonSchema = z
  .object({
    id: z.string(),
    company: sessionCompanySchema,
    readOnly: z.boolean(),
    expiresAt: z.iso.datetime().describe('When the link that opened it expires'),
  })
  .meta({ title: 'PortalSession' });
export type CurrentPortalSessionJson = z.output<typeof currentPortalSessionJsonSchema>;

export const openedPortalSessionJsonSchema = currentPortalSessionJsonSchema
  .extend({
    token: z
      .string()
      .describe('hsps_…: the bearer token of every later request; keep it in memory only'),
  })
  .meta({ title: 'OpenedPortalSession' });
export type OpenedPortalSessionJson = z.output<typeof openedPortalSessionJsonSchema>;
