import { openApiSchema } from '@app/http-kit';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWebhookBodySchema } from '../apps/subscriptions/src/webhooks/webhook.schemas';
import { Platform } from './support/platform';
import { registeredRoutes } from './support/routes';

interface Operation {
  summary?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: Array<Record<string, unknown>>;
}
interface OpenApiDocument {
  openapi: string;
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
}
interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

/** Redocly's recommended rules (`redocly lint`, no configuration) on a document. */
function redoclyLint(document: OpenApiDocument): {
  exitCode: number | null;
  problems: LintProblem[];
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookstream-openapi-'));
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(document));
  const result = spawnSync(
    path.resolve(__dirname, '..', 'node_modules', '.bin', 'redocly'),
    ['lint', file, '--format=json'],
    {
      encoding: 'utf8',
      timeout: 60_000,
      // No usage reports and no update check: the tests reach no network.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  if (!result.stdout) throw new Error(`redocly lint printed nothing: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { problems: LintProblem[] };
  return { exitCode: result.status, problems: report.problems };
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
    const create = document.paths['/v1/webhooks']!.post;
    expect(create?.requestBody?.content['application/json']?.schema).toEqual(
      openApiSchema(createWebhookBodySchema, 'input'),
    );
    expect(create?.responses['201']?.content?.['application/json']?.schema).toMatchObject({
      properties: { secret: { type: 'string' }, url: { type: 'string' } },
    });
    const list = document.paths['/v1/messages']!.get;
    expect(
      list?.parameters?.map((parameter) => `${parameter.in}:${parameter.name}`).sort(),
    ).toEqual([
      'query:cursor',
      'query:event',
      'query:limit',
      'query:since',
      'query:status',
      'query:until',
      'query:webhookId',
    ]);
    expect(list?.parameters?.find((parameter) => parameter.name === 'limit')?.schema).toMatchObject(
      {
        type: 'integer',
        minimum: 1,
        maximum: 100,
      },
    );
    const get = document.paths['/v1/webhooks/{id}']!.get;
    expect(get?.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ]);
    expect(get?.responses['404']?.content?.['application/json']?.schema).toMatchObject({
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

  it("passes Redocly's recommended rules", () => {
    const { exitCode, problems } = redoclyLint(document);
    const found = problems.map(
      (problem) => `${problem.severity} ${problem.ruleId} ${problem.location[0]?.pointer}`,
    );
    // Probes and /metrics have no 4xx answer to document; every /v1 route has its 4xx.
    expect(found.sort()).toEqual(
      [
        'warn operation-4xx-response #/paths/~1health~1live/get/responses',
        'warn operation-4xx-response #/paths/~1health~1ready/get/responses',
        'warn operation-4xx-response #/paths/~1metrics/get/responses',
        // The project states no licence (package.json: UNLICENSED).
        'warn info-license #/info',
      ].sort(),
    );
    expect(exitCode).toBe(0);
  });

  it('documents the probes and /metrics as open, with a summary, and names its server', () => {
    for (const route of ['/health/live', '/health/ready', '/metrics']) {
      const operation = document.paths[route]!.get;
      expect({ route, security: operation?.security }).toEqual({ route, security: [] });
      expect(operation?.summary).toMatch(/\w{4,}/);
    }
    expect(Object.keys(document.paths['/health/ready']?.get?.responses ?? {}).sort()).toEqual([
      '200',
      '503',
    ]);
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await fetch(`${platform.apiUrl}/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger');
  });
});
