import { type ArgumentMetadata, Body, Param, type PipeTransform, Query } from '@nestjs/common';
import { type z } from 'zod';
import { ApiError } from './api-error';

/**
 * Validates (and transforms: defaults, coercion) a request part with a zod schema, answering
 * 400 `validation_failed` otherwise. Unknown fields are rejected only when the schema says so
 * (`z.strictObject`), which is what request bodies should use.
 */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<
  unknown,
  Promise<z.output<Schema>>
> {
  constructor(private readonly schema: Schema) {}

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<z.output<Schema>> {
    // Async so that schemas with async refinements work too.
    const result = await this.schema.safeParseAsync(value);
    if (result.success) return result.data;
    throw ApiError.fromZodError(result.error, metadata.data ? [metadata.data] : []);
  }
}

/** `@ZodBody(schema) body: z.output<typeof schema>` */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return Body(new ZodValidationPipe(schema));
}

/** `@ZodQuery(schema)` validates the whole query object; `@ZodQuery('limit', schema)` one key. */
export function ZodQuery(schema: z.ZodType): ParameterDecorator;
export function ZodQuery(name: string, schema: z.ZodType): ParameterDecorator;
export function ZodQuery(nameOrSchema: string | z.ZodType, schema?: z.ZodType): ParameterDecorator {
  return typeof nameOrSchema === 'string'
    ? Query(nameOrSchema, new ZodValidationPipe(required(schema)))
    : Query(new ZodValidationPipe(nameOrSchema));
}

/** `@ZodParam('id', schema)` validates one route parameter; `@ZodParam(schema)` all of them. */
export function ZodParam(schema: z.ZodType): ParameterDecorator;
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator;
export function ZodParam(nameOrSchema: string | z.ZodType, schema?: z.ZodType): ParameterDecorator {
  return typeof nameOrSchema === 'string'
    ? Param(nameOrSchema, new ZodValidationPipe(required(schema)))
    : Param(new ZodValidationPipe(nameOrSchema));
}

function required(schema: z.ZodType | undefined): z.ZodType {
  if (!schema) throw new Error('a zod schema is required');
  return schema;
}
