import { z } from 'zod';
import { idCursorParam } from '../common/cursor';
import { limitParam } from '../common/pagination';
import { nameField, pageSchema } from '../common/request-schemas';

/** Company ids are operator-chosen slugs; events and keys refer to them. */
export const COMPANY_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export const createCompanyBodySchema = z.strictObject({
  id: z
    .string()
    .regex(
      COMPANY_ID_PATTERN,
      'must be 2–64 characters of a-z, 0-9, "_" and "-", starting with a letter or digit',
    )
    .describe('A slug such as acme: events name their company by it'),
  name: nameField(200),
});
export type CreateCompanyBody = z.output<typeof createCompanyBodySchema>;

export const companyJsonSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.iso.datetime() })
  .meta({ title: 'Company' });
export type CompanyJson = z.output<typeof companyJsonSchema>;

export const companyPageSchema = pageSchema(companyJsonSchema).meta({ title: 'CompanyPage' });

export const listCompaniesQuerySchema = z.strictObject({
  limit: limitParam,
  cursor: idCursorParam((id) => COMPANY_ID_PATTERN.test(id)).optional(),
});
export type ListCompaniesQuery = z.output<typeof listCompaniesQuerySchema>;
