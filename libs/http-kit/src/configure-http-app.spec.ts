import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { z } from 'zod';
import {
  ApiError,
  configureHttpApp,
  KEEP_ALIVE_TIMEOUT_MS,
  ZodBody,
  ZodParam,
  ZodQuery,
} from '@app/http-kit';

const createWebhook = z.strictObject({ url: z.url(), events: z.array(z.string()).default(['*']) });

@Controller('v1')
class TestController {
  @Post('webhooks')
  @HttpCode(201)
  create(@ZodBody(createWebhook) body: z.output<typeof createWebhook>) {
    return body;
  }

  @Get('webhooks')
  list(@ZodQuery('limit', z.coerce.number().int().max(100).default(50)) limit: number) {
    return { limit };
  }

  @Get('webhooks/:id')
  get(@ZodParam('id', z.string().startsWith('wh_')) id: string) {
    if (id === 'wh_missing') throw ApiError.notFound('Webhook');
    return { id };
  }

  @Post('events')
  @HttpCode(202)
  publish(@ZodBody(z.record(z.string(), z.unknown())) body: Record<string, unknown>) {
    return { keys: Object.keys(body).length };
  }

  @Get('boom')
  boom() {
    throw new Error('SELECT * FROM secrets failed on 10.1.2.3');
  }
}

@Module({ controllers: [TestController] })
class TestModule {}

/**
 * The whole edge in one Nest app on a loopback port: these behaviours come from how express,
 * body-parser and Nest's router meet, which a fake host cannot show.
 */
describe('configureHttpApp', () => {
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(TestModule, {
      bodyParser: false,
      logger: false,
    });
    configureHttpApp(app, {
      bodyLimit: '1kb',
      routeBodyLimits: [{ method: 'POST', path: '/v1/events', limit: 64 }],
      maxJsonDepth: 8,
    });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${base}/v1/webhooks`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

  it('keeps idle connections open longer than a load balancer does, and says so', async () => {
    const response = await fetch(`${base}/v1/webhooks`);
    expect(response.headers.get('keep-alive')).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1_000}`);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
  });

  it('parses JSON bodies and hides x-powered-by', async () => {
    const response = await post(JSON.stringify({ url: 'https://example.com/hook' }));
    expect(response.status).toBe(201);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(await response.json()).toEqual({ url: 'https://example.com/hook', events: ['*'] });
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const response = await post('{"url": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      status: 400,
      code: 'malformed_json',
      message: 'Request body is not valid JSON',
    });
  });

  it('only accepts objects and arrays at the top level (strict JSON)', async () => {
    const response = await post('"just a string"');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'malformed_json' });
  });

  it('answers an oversize body with 413 payload_too_large', async () => {
    const response = await post(JSON.stringify({ url: 'https://example.com/' + 'a'.repeat(2000) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      status: 413,
      code: 'payload_too_large',
      message: 'Request body exceeds the limit of 1024 bytes',
    });
  });

  it('answers unknown fields and wrong types with 400 validation_failed', async () => {
    const response = await post(JSON.stringify({ url: 'https://example.com', extra: 1 }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'Unrecognized key: "extra"',
      details: [{ path: '', message: 'Unrecognized key: "extra"' }],
    });
  });

  it('validates a body sent with another content type as missing', async () => {
    const response = await post('url=https://example.com', 'application/x-www-form-urlencoded');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('validates query and route parameters', async () => {
    expect(await (await fetch(`${base}/v1/webhooks?limit=7`)).json()).toEqual({ limit: 7 });
    const tooMany = await fetch(`${base}/v1/webhooks?limit=1000`);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'limit' }],
    });

    const badId = await fetch(`${base}/v1/webhooks/123`);
    expect(badId.status).toBe(400);
    const missing = await fetch(`${base}/v1/webhooks/wh_missing`);
    expect(await missing.json()).toEqual({
      status: 404,
      code: 'not_found',
      message: 'Webhook not found',
    });
  });

  it('answers unknown routes with 404 in the same body shape', async () => {
    const response = await fetch(`${base}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      status: 404,
      code: 'not_found',
      message: 'Cannot GET /v1/nothing-here',
    });
  });

  it('answers unexpected errors with a generic 500', async () => {
    const response = await fetch(`${base}/v1/boom`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      status: 500,
      code: 'internal_error',
      message: 'Internal server error',
    });
    expect(text).not.toContain('10.1.2.3');
  });

  it('applies a smaller limit to the routes that have one, declared or chunked', async () => {
    const events = (body: string | ReadableStream<Uint8Array>, init: RequestInit = {}) =>
      fetch(`${base}/v1/events/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        ...init,
      });
    expect((await events(JSON.stringify({ a: 'x'.repeat(40) }))).status).toBe(202);
    const declared = await events(JSON.stringify({ a: 'x'.repeat(100) }));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      status: 413,
      code: 'payload_too_large',
      message: 'Request body exceeds the limit of 64 bytes',
    });
    const text = JSON.stringify({ a: 'x'.repeat(100) });
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });
    const streamed = await events(chunked, { duplex: 'half' });
    expect(streamed.status).toBe(413);
    // Other routes keep the app's limit.
    expect(
      (await post(JSON.stringify({ url: 'https://example.com/' + 'a'.repeat(200) }))).status,
    ).toBe(201);
  });

  it('refuses bodies nested deeper than maxJsonDepth with 400 body_too_deep', async () => {
    const response = await post(`{"url":${'['.repeat(9)}${']'.repeat(9)}}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      status: 400,
      code: 'body_too_deep',
      message: 'Request body nests arrays and objects deeper than 8 levels',
    });
    expect((await post(`{"url":${'['.repeat(7)}${']'.repeat(7)}}`)).status).toBe(400);
    const deepString = await post(JSON.stringify({ url: '['.repeat(500) }));
    expect(await deepString.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('answers requests Node refuses to parse in the same error body', async () => {
    const response = await fetch(`${base}/v1/webhooks?q=${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(await response.json()).toEqual({
      status: 431,
      code: 'request_header_fields_too_large',
      message: 'Request headers or URL too large',
    });
    // The server is still fine.
    expect((await fetch(`${base}/v1/webhooks?limit=7`)).status).toBe(200);
  });
});
