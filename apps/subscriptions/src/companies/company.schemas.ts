import { z } from 'zod';
import { nameField } from '../common/request-schemas';

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
