import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * The OpenAPI 3.0 schema of a zod schema: the one source of truth for both validation and the
 * document. `io: 'input'` describes what a client sends (defaults optional, coercions as the
 * target type), `'output'` what the API answers. Refinements without a JSON Schema equivalent
 * are left out (the description says what they check where it matters).
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  const json: Record<string, unknown> = {
    ...z.toJSONSchema(schema, {
      target: 'openapi-3.0',
      io,
      unrepresentable: 'any',
      reused: 'inline',
    }),
  };
  delete json.$schema; // the document's dialect applies
  return json;
}

/** The error body every endpoint answers with; its schema documents every error response. */
export const apiErrorBodySchema = z
  .object({
    status: z.number().int().describe('The HTTP status, repeated'),
    code: z.string().describe('Machine-readable: validation_failed, not_found, …'),
    message: z.string().describe('Human-readable, safe to show'),
    details: z.array(z.unknown()).optional().describe('For validation errors: {path, message}'),
  })
  .meta({ title: 'Error' });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (validation_failed, malformed_json, body_too_deep, …)',
  401: 'Missing or invalid bearer token',
  403: 'The token may not call this route',
  404: 'Not found (also for another company’s resources)',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported body encoding',
  503: 'Kafka did not acknowledge in time; retry',
};

/** Documents a successful answer; without a schema, one with no body. */
export function ZodResponse(
  status: number,
  schema: z.ZodType | undefined,
  description: string,
): MethodDecorator & ClassDecorator {
  return ApiResponse(
    schema
      ? { status, description, schema: openApiSchema(schema, 'output') }
      : { status, description },
  );
}

/** Documents error answers, all with the one error body. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  const schema = openApiSchema(apiErrorBodySchema, 'output');
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'Error', schema }),
    ),
  );
}
