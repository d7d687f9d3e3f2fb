import { z } from 'zod';
import { idCursorParam } from '../common/cursor';
import { isId } from '../common/ids';
import { limitParam } from '../common/pagination';
import { nameField, pageSchema } from '../common/request-schemas';

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

/** A key in a list: never the key itself, only its first characters. */
export const apiKeyJsonSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('The first 12 characters of the key, to recognise it'),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable().describe('Recorded at most once a minute'),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ title: 'ApiKey' });
export type ApiKeyJson = z.output<typeof apiKeyJsonSchema>;

export const apiKeyPageSchema = pageSchema(apiKeyJsonSchema).meta({ title: 'ApiKeyPage' });

export const listApiKeysQuerySchema = z.strictObject({
  limit: limitParam,
  cursor: idCursorParam((id) => isId('key', id)).optional(),
});
export type ListApiKeysQuery = z.output<typeof listApiKeysQuerySchema>;
