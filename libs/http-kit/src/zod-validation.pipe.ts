import { type ArgumentMetadata, Body, Param, type PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, type SchemaObject } from '@nestjs/swagger';
import { type z } from 'zod';
import { ApiError } from './api-error';
import { openApiSchema } from './openapi';

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

/*
 * Each decorator below both validates with its schema and documents it in the OpenAPI
 * document (@nestjs/swagger metadata on the route), so the two cannot drift apart.
 */

/** `@ZodBody(schema) body: z.output<typeof schema>` */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return combine(
    Body(new ZodValidationPipe(schema)),
    ApiBody({
      schema: openApiSchema(schema, 'input'),
      // Bodies that may be left out entirely (their schema accepts undefined) are optional.
      required: !schema.safeParse(undefined).success,
    }),
  );
}

/** `@ZodQuery(schema)` validates the whole query object; `@ZodQuery('limit', schema)` one key. */
export function ZodQuery(schema: z.ZodType): ParameterDecorator;
export function ZodQuery(name: string, schema: z.ZodType): ParameterDecorator;
export function ZodQuery(nameOrSchema: string | z.ZodType, schema?: z.ZodType): ParameterDecorator {
  if (typeof nameOrSchema === 'string') {
    const one = required(schema);
    return combine(
      Query(nameOrSchema, new ZodValidationPipe(one)),
      ApiQuery({
        name: nameOrSchema,
        required: !one.safeParse(undefined).success,
        schema: openApiSchema(one, 'input'),
      }),
    );
  }
  return combine(
    Query(new ZodValidationPipe(nameOrSchema)),
    ...objectProperties(nameOrSchema).map(({ name, schema: property, isRequired }) =>
      ApiQuery({ name, required: isRequired, schema: property }),
    ),
  );
}

/** `@ZodParam('id', schema)` validates one route parameter; `@ZodParam(schema)` all of them. */
export function ZodParam(schema: z.ZodType): ParameterDecorator;
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator;
export function ZodParam(nameOrSchema: string | z.ZodType, schema?: z.ZodType): ParameterDecorator {
  if (typeof nameOrSchema === 'string') {
    const one = required(schema);
    return combine(
      Param(nameOrSchema, new ZodValidationPipe(one)),
      ApiParam({ name: nameOrSchema, required: true, schema: openApiSchema(one, 'input') }),
    );
  }
  return combine(
    Param(new ZodValidationPipe(nameOrSchema)),
    ...objectProperties(nameOrSchema).map(({ name, schema: property }) =>
      ApiParam({ name, required: true, schema: property }),
    ),
  );
}

function required(schema: z.ZodType | undefined): z.ZodType {
  if (!schema) throw new Error('a zod schema is required');
  return schema;
}

/** The properties of an object schema, as OpenAPI sees them (for query and path parameters). */
function objectProperties(
  schema: z.ZodType,
): Array<{ name: string; schema: SchemaObject; isRequired: boolean }> {
  const json = openApiSchema(schema, 'input');
  const requiredNames = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    schema: property as SchemaObject,
    isRequired: requiredNames.has(name),
  }));
}

/** A parameter decorator that also applies method decorators (the documentation) to its route. */
function combine(
  parameter: ParameterDecorator,
  ...documentation: MethodDecorator[]
): ParameterDecorator {
  return (target, key, index) => {
    parameter(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor) return;
    for (const decorate of documentation) decorate(target, key, descriptor);
  };
}
