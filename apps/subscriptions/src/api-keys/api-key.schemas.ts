import { z } from 'zod';
import { nameField } from '../common/request-schemas';

export const createApiKeyBodySchema = z.strictObject({
  name: nameField(200).describe('What the key is for (shown to operators)'),
});
export type CreateApiKeyBody = z.output<typeof createApiKeyBodySchema>;

/** The answer to creating a key: the only time the key itself is shown. */
export const createdApiKeyJsonSchema = z
  .object({
    id: z.string().describe('key_…; revoke it with DELETE'),
    name: z.string(),
    key: z
      .string()
      .describe('hsk_ followed by 43 base64url characters; shown once, stored only as its SHA-256'),
    createdAt: z.iso.datetime(),
  })
  .meta({ title: 'CreatedApiKey' });
export type CreatedApiKeyJson = z.output<typeof createdApiKeyJsonSchema>;
