import { z } from 'zod';

/** Company ids are operator-chosen slugs; events and keys refer to them. */
export const COMPANY_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{1,63}$/;

export const createCompanyBodySchema = z.strictObject({
  id: z
    .string()
    .regex(
      COMPANY_ID_PATTERN,
      'must be 2–64 characters of a-z, 0-9, "_" and "-", starting with a letter or digit',
    ),
  name: z.string().trim().min(1).max(200),
});
export type CreateCompanyBody = z.output<typeof createCompanyBodySchema>;

export interface CompanyJson {
  id: string;
  name: string;
  createdAt: string;
}
