'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const common_1 = require('@nestjs/common');
const rxjs_1 = require('rxjs');
const zod_1 = require('zod');
const http_kit_1 = require('./');
class FakeResponse {
  statusCode;
  body;
  headersSent = false;
  ended = false;
  status(code) {
    this.statusCode = code;
    return this;
  }
  json(body) {
    this.body = body;
    this.headersSent = true;
    return this;
  }
  end() {
    this.ended = true;
    return this;
  }
}
function httpHost(response, type = 'http') {
  const request = { method: 'POST', originalUrl: '/v1/webhooks' };
  return {
    getType: () => type,
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => response,
      getNext: () => undefined,
    }),
  };
}
function answer(exception) {
  const response = new FakeResponse();
  new http_kit_1.AllExceptionsFilter().catch(exception, httpHost(response));
  return { status: response.statusCode, body: response.body };
}
function bodyParserError(message, fields) {
  return Object.assign(new Error(message), { expose: true }, fields);
}
describe('AllExceptionsFilter', () => {
  let logError;
  beforeEach(() => {
    logError = jest.spyOn(common_1.Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());
  it('sends an ApiError as it is', () => {
    expect(
      answer(http_kit_1.ApiError.conflict('webhook_exists', 'Webhook already exists')),
    ).toEqual({
      status: 409,
      body: { status: 409, code: 'webhook_exists', message: 'Webhook already exists' },
    });
    expect(answer(http_kit_1.ApiError.notFound('Webhook wh_1'))).toEqual({
      status: 404,
      body: { status: 404, code: 'not_found', message: 'Webhook wh_1 not found' },
    });
    expect(
      answer(http_kit_1.ApiError.badRequest('bad_cursor', 'Invalid cursor', [{ path: 'cursor' }])),
    ).toEqual({
      status: 400,
      body: {
        status: 400,
        code: 'bad_cursor',
        message: 'Invalid cursor',
        details: [{ path: 'cursor' }],
      },
    });
    expect(answer(http_kit_1.ApiError.unauthorized()).body).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect(answer(http_kit_1.ApiError.forbidden()).body).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect(logError).not.toHaveBeenCalled();
  });
  it('maps a ZodError to 400 validation_failed with every issue', () => {
    const schema = zod_1.z.strictObject({
      a: zod_1.z.object({ b: zod_1.z.string() }),
      n: zod_1.z.array(zod_1.z.number()),
    });
    const result = schema.safeParse({ a: { b: 1 }, n: [1, 'x'], extra: true });
    expect(answer(result.error)).toEqual({
      status: 400,
      body: {
        status: 400,
        code: 'validation_failed',
        message: 'a.b: Invalid input: expected string, received number',
        details: [
          { path: 'a.b', message: 'Invalid input: expected string, received number' },
          { path: 'n.1', message: 'Invalid input: expected number, received string' },
          { path: '', message: 'Unrecognized key: "extra"' },
        ],
      },
    });
  });
  it.each([
    [new common_1.BadRequestException('Bad cursor'), 400, 'bad_request', 'Bad cursor'],
    [new common_1.NotFoundException('Cannot GET /nope'), 404, 'not_found', 'Cannot GET /nope'],
    [new common_1.MethodNotAllowedException(), 405, 'method_not_allowed', 'Method Not Allowed'],
    [new common_1.ConflictException('Taken'), 409, 'conflict', 'Taken'],
    [new common_1.PayloadTooLargeException(), 413, 'payload_too_large', 'Payload Too Large'],
    [
      new common_1.UnsupportedMediaTypeException(),
      415,
      'unsupported_media_type',
      'Unsupported Media Type',
    ],
    [new common_1.HttpException('Slow down', 429), 429, 'too_many_requests', 'Slow down'],
    [
      new common_1.HttpException({ code: 'custom_code', message: 'Custom' }, 422),
      422,
      'custom_code',
      'Custom',
    ],
  ])('maps Nest %p to its status and a code from it', (exception, status, code, message) => {
    expect(answer(exception)).toEqual({ status, body: { status, code, message } });
  });
  it('keeps a list of messages from a Nest exception as details', () => {
    expect(
      answer(new common_1.BadRequestException(['name is required', 'url is invalid'])).body,
    ).toEqual({
      status: 400,
      code: 'bad_request',
      message: 'name is required',
      details: [{ message: 'name is required' }, { message: 'url is invalid' }],
    });
  });
  it('maps body-parser errors', () => {
    const parse = bodyParserError('Unexpected token } in JSON at position 9', {
      status: 400,
      statusCode: 400,
      type: 'entity.parse.failed',
    });
    expect(answer(parse)).toEqual({
      status: 400,
      body: { status: 400, code: 'malformed_json', message: 'Request body is not valid JSON' },
    });
    const tooLarge = bodyParserError('request entity too large', {
      status: 413,
      type: 'entity.too.large',
      limit: 16384,
    });
    expect(answer(tooLarge)).toEqual({
      status: 413,
      body: {
        status: 413,
        code: 'payload_too_large',
        message: 'Request body exceeds the limit of 16384 bytes',
      },
    });
    const charset = bodyParserError('unsupported charset "LATIN-9"', {
      statusCode: 415,
      type: 'charset.unsupported',
    });
    expect(answer(charset).body).toEqual({
      status: 415,
      code: 'unsupported_media_type',
      message: 'unsupported charset "LATIN-9"',
    });
    const aborted = bodyParserError('request aborted', { status: 400, type: 'request.aborted' });
    expect(answer(aborted).body).toEqual({
      status: 400,
      code: 'bad_request',
      message: 'request aborted',
    });
    expect(logError).not.toHaveBeenCalled();
  });
  it('answers anything else with a generic 500 and logs the original', () => {
    const secret = new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2');
    expect(answer(secret)).toEqual({
      status: 500,
      body: { status: 500, code: 'internal_error', message: 'Internal server error' },
    });
    expect(logError).toHaveBeenCalledWith(
      'POST /v1/webhooks failed with 500',
      expect.stringContaining('ECONNREFUSED'),
    );
    expect(answer(Object.assign(new Error('db said no'), { status: 400 })).body).toMatchObject({
      status: 500,
      message: 'Internal server error',
    });
    expect(answer('a thrown string').status).toBe(500);
    expect(answer(undefined).status).toBe(500);
  });
  it('replies through the HTTP adapter when it has one', () => {
    const adapter = { isHeadersSent: jest.fn(() => false), reply: jest.fn(), end: jest.fn() };
    const filter = new http_kit_1.AllExceptionsFilter({ httpAdapter: adapter });
    const response = new FakeResponse();
    filter.catch(http_kit_1.ApiError.notFound('Message'), httpHost(response));
    expect(adapter.reply).toHaveBeenCalledWith(
      response,
      { status: 404, code: 'not_found', message: 'Message not found' },
      404,
    );
    adapter.isHeadersSent.mockReturnValue(true);
    filter.catch(new Error('late'), httpHost(response));
    expect(adapter.end).toHaveBeenCalledWith(response);
    expect(adapter.reply).toHaveBeenCalledTimes(1);
  });
  it('does not write twice once headers are sent', () => {
    const response = new FakeResponse();
    response.headersSent = true;
    new http_kit_1.AllExceptionsFilter().catch(new Error('mid-stream'), httpHost(response));
    expect(response.ended).toBe(true);
    expect(response.body).toBeUndefined();
  });
  it('hands the original error back outside HTTP (Kafka handlers)', async () => {
    const error = new Error('handler failed');
    const result = new http_kit_1.AllExceptionsFilter().catch(
      error,
      httpHost(new FakeResponse(), 'rpc'),
    );
    expect((0, rxjs_1.isObservable)(result)).toBe(true);
    await expect((0, rxjs_1.lastValueFrom)(result)).rejects.toBe(error);
  });
});
//# sourceMappingURL=all-exceptions.filter.spec.js.map
