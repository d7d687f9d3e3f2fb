import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { HOOKSTREAM_VERSION } from '@app/contract';
import { apiErrorBodySchema, openApiSchema } from '@app/http-kit';
import { API_PREFIX, BEARER_SCHEME } from '../auth/auth.decorators';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_METHODS,
  IDEMPOTENT_REPLAYED_HEADER,
} from '../idempotency/idempotency-key';

/** Swagger UI at `/docs`, the document at `/docs-json` (and `/docs-yaml`). */
export const OPENAPI_PATH = 'docs';

const DESCRIPTION = `The management API of Hookstream.

Authenticate with \`Authorization: Bearer <token>\`: the admin token (ADMIN_TOKEN) manages companies
and their API keys; an API key (\`hsk_…\`) acts for its company only, and another company's
resources answer 404.

Every error has one body: \`{"status", "code", "message", "details"}\`. Bodies are JSON, at most
1 MiB (256 KiB on POST /v1/events) and 64 levels deep; unknown fields are refused.

POST and PATCH take an \`${IDEMPOTENCY_KEY_HEADER}\` header: a repeat within 24 h gets the first answer again.`;

/**
 * Builds the OpenAPI document from the controllers. Request and response schemas come from the
 * zod schemas the routes validate with (see ZodBody, ZodQuery, ZodParam, ZodResponse in
 * @app/http-kit); the Idempotency-Key header is added here to every POST and PATCH under /v1,
 * the routes IdempotencyInterceptor handles. Call before `app.init()`.
 */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Hookstream management API')
    .setDescription(DESCRIPTION)
    .setVersion(HOOKSTREAM_VERSION)
    // Relative: the server that serves this document, wherever it is deployed.
    .addServer('/', 'This Hookstream server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The admin token, or an API key (hsk_…)' },
      BEARER_SCHEME,
    )
    .build();
  const document = documentIdempotency(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup(OPENAPI_PATH, app, document, {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
    yamlDocumentUrl: `${OPENAPI_PATH}-yaml`,
  });
  return document;
}

function documentIdempotency(document: OpenAPIObject): OpenAPIObject {
  const errorSchema = openApiSchema(apiErrorBodySchema, 'output');
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith(`/${API_PREFIX}/`)) continue;
    for (const method of IDEMPOTENT_METHODS) {
      const operation = item[method.toLowerCase() as 'post' | 'patch'];
      if (!operation) continue;
      operation.parameters = [
        ...(operation.parameters ?? []),
        {
          name: IDEMPOTENCY_KEY_HEADER,
          in: 'header',
          required: false,
          description:
            'Up to 255 printable ASCII characters. A repeat of this request (same company, method, ' +
            `path and body) within 24 h answers what the first one did, with \`${IDEMPOTENT_REPLAYED_HEADER}: true\`; ` +
            'with another body it answers 409 idempotency_key_reused; while the first still runs, ' +
            'it waits for it (409 idempotency_key_in_progress if that takes over 10 s).',
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7e]+$' },
        },
      ];
      operation.responses['409'] ??= {
        description: 'Conflict (idempotency_key_reused, idempotency_key_in_progress)',
        content: { 'application/json': { schema: errorSchema } },
      };
    }
  }
  return document;
}
