import { Body, Controller, Post, Query } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { z } from 'zod';
import {
  apiErrorBodySchema,
  openApiSchema,
  ZodBody,
  ZodParam,
  ZodQuery,
  ZodResponse,
} from '@app/http-kit';

const body = z.strictObject({
  url: z.string().max(10),
  events: z.array(z.string()).default(['*']),
  note: z.string().nullable().optional(),
});
const query = z.strictObject({
  limit: z.coerce.number().int().max(100).default(20),
  cursor: z.string().optional(),
});

@Controller('things')
class ThingsController {
  @Post(':id')
  @ZodResponse(201, body, 'Created')
  create(
    @ZodParam('id', z.string().regex(/^t_\w+$/)) _id: string,
    @ZodQuery(query) _query: unknown,
    @ZodBody(body) _body: unknown,
  ) {}

  @Post()
  optional(@ZodBody(body.optional()) _body: unknown, @Body() _raw: unknown, @Query() _q: unknown) {}
}

describe('zod-driven OpenAPI metadata', () => {
  const handler = ThingsController.prototype.create as unknown as object;

  it('converts zod schemas to OpenAPI 3.0 (input and output views)', () => {
    expect(openApiSchema(body, 'input')).toEqual({
      type: 'object',
      properties: {
        url: { type: 'string', maxLength: 10 },
        events: { type: 'array', items: { type: 'string' }, default: ['*'] },
        note: { type: 'string', nullable: true },
      },
      required: ['url'],
      additionalProperties: false,
    });
    expect(openApiSchema(body, 'output').required).toEqual(['url', 'events']);
    expect(openApiSchema(apiErrorBodySchema, 'output')).not.toHaveProperty('$schema');
  });

  it('documents the body, query and path parameters a route validates with', () => {
    expect(Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          in: 'body',
          required: true,
          schema: openApiSchema(body, 'input'),
        }),
        expect.objectContaining({ in: 'query', name: 'limit', required: false }),
        expect.objectContaining({ in: 'query', name: 'cursor', required: false }),
        expect.objectContaining({
          in: 'path',
          name: 'id',
          required: true,
          schema: { type: 'string', pattern: '^t_\\w+$' },
        }),
      ]),
    );
    expect(Reflect.getMetadata(DECORATORS.API_RESPONSE, handler)).toMatchObject({
      201: { description: 'Created', schema: openApiSchema(body, 'output') },
    });
  });

  it('marks a body that may be left out as optional', () => {
    const parameters = Reflect.getMetadata(
      DECORATORS.API_PARAMETERS,
      ThingsController.prototype.optional,
    ) as Array<{ in: string; required: boolean }>;
    expect(parameters.find((parameter) => parameter.in === 'body')?.required).toBe(false);
  });
});
