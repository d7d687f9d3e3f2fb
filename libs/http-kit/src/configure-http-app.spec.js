'use strict';
var __decorate =
  (this && this.__decorate) ||
  function (decorators, target, key, desc) {
    var c = arguments.length,
      r =
        c < 3
          ? target
          : desc === null
            ? (desc = Object.getOwnPropertyDescriptor(target, key))
            : desc,
      d;
    if (typeof Reflect === 'object' && typeof Reflect.decorate === 'function')
      r = Reflect.decorate(decorators, target, key, desc);
    else
      for (var i = decorators.length - 1; i >= 0; i--)
        if ((d = decorators[i]))
          r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return (c > 3 && r && Object.defineProperty(target, key, r), r);
  };
var __metadata =
  (this && this.__metadata) ||
  function (k, v) {
    if (typeof Reflect === 'object' && typeof Reflect.metadata === 'function')
      return Reflect.metadata(k, v);
  };
var __param =
  (this && this.__param) ||
  function (paramIndex, decorator) {
    return function (target, key) {
      decorator(target, key, paramIndex);
    };
  };
Object.defineProperty(exports, '__esModule', { value: true });
const common_1 = require('@nestjs/common');
const core_1 = require('@nestjs/core');
const zod_1 = require('zod');
const http_kit_1 = require('./');
const createWebhook = zod_1.z.strictObject({
  url: zod_1.z.url(),
  events: zod_1.z.array(zod_1.z.string()).default(['*']),
});
let TestController = class TestController {
  create(body) {
    return body;
  }
  list(limit) {
    return { limit };
  }
  get(id) {
    if (id === 'wh_missing') throw http_kit_1.ApiError.notFound('Webhook');
    return { id };
  }
  boom() {
    throw new Error('SELECT * FROM secrets failed on 10.1.2.3');
  }
};
__decorate(
  [
    (0, common_1.Post)('webhooks'),
    (0, common_1.HttpCode)(201),
    __param(0, (0, http_kit_1.ZodBody)(createWebhook)),
    __metadata('design:type', Function),
    __metadata('design:paramtypes', [Object]),
    __metadata('design:returntype', void 0),
  ],
  TestController.prototype,
  'create',
  null,
);
__decorate(
  [
    (0, common_1.Get)('webhooks'),
    __param(
      0,
      (0, http_kit_1.ZodQuery)('limit', zod_1.z.coerce.number().int().max(100).default(50)),
    ),
    __metadata('design:type', Function),
    __metadata('design:paramtypes', [Number]),
    __metadata('design:returntype', void 0),
  ],
  TestController.prototype,
  'list',
  null,
);
__decorate(
  [
    (0, common_1.Get)('webhooks/:id'),
    __param(0, (0, http_kit_1.ZodParam)('id', zod_1.z.string().startsWith('wh_'))),
    __metadata('design:type', Function),
    __metadata('design:paramtypes', [String]),
    __metadata('design:returntype', void 0),
  ],
  TestController.prototype,
  'get',
  null,
);
__decorate(
  [
    (0, common_1.Get)('boom'),
    __metadata('design:type', Function),
    __metadata('design:paramtypes', []),
    __metadata('design:returntype', void 0),
  ],
  TestController.prototype,
  'boom',
  null,
);
TestController = __decorate([(0, common_1.Controller)('v1')], TestController);
let TestModule = class TestModule {};
TestModule = __decorate([(0, common_1.Module)({ controllers: [TestController] })], TestModule);
describe('configureHttpApp', () => {
  let app;
  let base;
  beforeAll(async () => {
    app = await core_1.NestFactory.create(TestModule, {
      bodyParser: false,
      logger: false,
    });
    (0, http_kit_1.configureHttpApp)(app, { bodyLimit: '1kb' });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
  });
  const post = (body, contentType = 'application/json') =>
    fetch(`${base}/v1/webhooks`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
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
});
//# sourceMappingURL=configure-http-app.spec.js.map
