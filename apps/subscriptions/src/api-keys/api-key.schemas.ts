import { z } from 'zod';

export const createApiKeyBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
});
export type CreateApiKeyBody = z.output<typeof createApiKeyBodySchema>;

/** The answer to creating a key: the only time the key itself is shown. */
export interface CreatedApiKeyJson {
  id: string;
  name: string;
  key: string;
  createdAt: string;
}
