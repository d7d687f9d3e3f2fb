import {
  type ArgumentsHost,
  BadRequestException,
  ConflictException,
  HttpException,
  Logger,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { type HttpAdapterHost } from '@nestjs/core';
import { lastValueFrom, isObservable } from 'rxjs';
import { z } from 'zod';
import { AllExceptionsFilter, ApiError } from '@app/http-kit';

class FakeResponse {
  statusCode?: number;
  body?: unknown;
  headersSent = false;
  ended = false;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  json(body: unknown): this {
    this.body = body;
    this.headersSent = true;
    return this;
  }
  end(): this {
    this.ended = true;
    return this;
  }
}

function httpHost(response: FakeResponse, type = 'http'): ArgumentsHost {
  const request = { method: 'POST', originalUrl: '/v1/webhooks' };
  return {
    getType: () => type,
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => response,
      getNext: () => undefined,
    }),
  } as unknown as ArgumentsHost;
}

function answer(exception: unknown): { status?: number; body?: unknown } {
  const response = new FakeResponse();
  new AllExceptionsFilter().catch(exception, httpHost(response));
  return { status: response.statusCode, body: response.body };
}

/** Shaped like the errors express body-parser passes to `next`. */
function bodyParserError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { expose: true }, fields);
}

describe('AllExceptionsFilter', () => {
  let logError: jest.SpyInstance;

  beforeEach(() => {
    logError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('sends an ApiError as it is', () => {
    expect(answer(ApiError.conflict('webhook_exists', 'Webhook already exists'))).toEqual({
      status: 409,
      body: { status: 409, code: 'webhook_exists', message: 'Webhook already exists' },
    });
    expect(answer(ApiError.notFound('Webhook wh_1'))).toEqual({
      status: 404,
      body: { status: 404, code: 'not_found', message: 'Webhook wh_1 not found' },
    });
    expect(
      answer(ApiError.badRequest('bad_cursor', 'Invalid cursor', [{ path: 'cursor' }])),
    ).toEqual({
      status: 400,
      body: {
        status: 400,
        code: 'bad_cursor',
        message: 'Invalid cursor',
        details: [{ path: 'cursor' }],
      },
    });
    expect(answer(ApiError.unauthorized()).body).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect(answer(ApiError.forbidden()).body).toMatchObject({ status: 403, code: 'forbidden' });
    expect(logError).not.toHaveBeenCalled();
  });

  it('maps a ZodError to 400 validation_failed with every issue', () => {
    const schema = z.strictObject({ a: z.object({ b: z.string() }), n: z.array(z.number()) });
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
    [new BadRequestException('Bad cursor'), 400, 'bad_request', 'Bad cursor'],
    [new NotFoundException('Cannot GET /nope'), 404, 'not_found', 'Cannot GET /nope'],
    [new MethodNotAllowedException(), 405, 'method_not_allowed', 'Method Not Allowed'],
    [new ConflictException('Taken'), 409, 'conflict', 'Taken'],
    [new PayloadTooLargeException(), 413, 'payload_too_large', 'Payload Too Large'],
    [new UnsupportedMediaTypeException(), 415, 'unsupported_media_type', 'Unsupported Media Type'],
    [new HttpException('Slow down', 429), 429, 'too_many_requests', 'Slow down'],
    [
      new HttpException({ code: 'custom_code', message: 'Custom' }, 422),
      422,
      'custom_code',
      'Custom',
    ],
  ])('maps Nest %p to its status and a code from it', (exception, status, code, message) => {
    expect(answer(exception)).toEqual({ status, body: { status, code, message } });
  });

  it('keeps a list of messages from a Nest exception as details', () => {
    expect(answer(new BadRequestException(['name is required', 'url is invalid'])).body).toEqual({
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
    expect(logError).toHaveBeenCalledWith({
      msg: 'POST /v1/webhooks failed with 500',
      err: secret,
    });

    // Error-like values with a status that are not marked safe to expose stay internal.
    expect(answer(Object.assign(new Error('db said no'), { status: 400 })).body).toMatchObject({
      status: 500,
      message: 'Internal server error',
    });
    expect(answer('a thrown string').status).toBe(500);
    expect(answer(undefined).status).toBe(500);
  });

  it('replies through the HTTP adapter when it has one', () => {
    const adapter = { isHeadersSent: jest.fn(() => false), reply: jest.fn(), end: jest.fn() };
    const filter = new AllExceptionsFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost);
    const response = new FakeResponse();
    filter.catch(ApiError.notFound('Message'), httpHost(response));
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
    new AllExceptionsFilter().catch(new Error('mid-stream'), httpHost(response));
    expect(response.ended).toBe(true);
    expect(response.body).toBeUndefined();
  });

  it('hands the original error back outside HTTP (Kafka handlers)', async () => {
    const error = new Error('handler failed');
    const result = new AllExceptionsFilter().catch(error, httpHost(new FakeResponse(), 'rpc'));
    expect(isObservable(result)).toBe(true);
    await expect(lastValueFrom(result!)).rejects.toBe(error);
  });
});
