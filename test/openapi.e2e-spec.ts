import { openApiSchema } from '@app/http-kit';
import { createWebhookBodySchema } from '../apps/subscriptions/src/webhooks/webhook.schemas';
import { Platform } from './support/platform';
import { registeredRoutes } from './support/routes';

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: Array<Record<string, unknown>>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
}
describe('OpenAPI document', () => {
  let platform: Platform;
  let document: OpenApiDocument;

  beforeAll(async () => {
    platform = await Platform.start({}, { without: ['fanout', 'delivery'] });
    const response = await fetch(`${platform.apiUrl}/docs-json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('documents every route the app serves, with its method', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    const served = registeredRoutes(platform.apps.get('subscriptions')!).map((route) =>
      route.replace(/:(\w+)/g, '{$1}'),
    );
    expect(served.length).toBeGreaterThanOrEqual(18);
    expect(served.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !served.includes(route))).toEqual([]);
  });

  it('declares bearer auth on every management route', () => {
    expect(document.components.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const operation of Object.values(item)) {
        expect(operation.security).toEqual([{ bearer: [] }]);
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });

  it('takes request schemas from the zod schemas the routes validate with', () => {
    const create = document.paths['/v1/webhooks'].post;
    expect(create.requestBody?.content['application/json'].schema).toEqual(
      openApiSchema(createWebhookBodySchema, 'input'),
    );
    expect(create.responses['201'].content?.['application/json'].schema).toMatchObject({
      properties: { secret: { type: 'string' }, url: { type: 'string' } },
    });
    const list = document.paths['/v1/messages'].get;
    expect(list.parameters?.map((parameter) => `${parameter.in}:${parameter.name}`).sort()).toEqual(
      [
        'query:cursor',
        'query:event',
        'query:limit',
        'query:since',
        'query:status',
        'query:until',
        'query:webhookId',
      ],
    );
    expect(list.parameters?.find((parameter) => parameter.name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
    });
    const get = document.paths['/v1/webhooks/{id}'].get;
    expect(get.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ]);
    expect(get.responses['404'].content?.['application/json'].schema).toMatchObject({
      required: ['status', 'code', 'message'],
    });
  });

  it('documents Idempotency-Key on every POST and PATCH', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, operation] of Object.entries(item)) {
        const header = operation.parameters?.find((p) => p.name === 'Idempotency-Key');
        expect([method, path, header?.in]).toEqual([
          method,
          path,
          method === 'post' || method === 'patch' ? 'header' : undefined,
        ]);
      }
    }
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await fetch(`${platform.apiUrl}/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger');
  });
});
