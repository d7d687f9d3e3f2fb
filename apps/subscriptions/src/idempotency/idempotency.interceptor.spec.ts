import { type CallHandler, type ExecutionContext, HttpCode } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '@app/http-kit';
import { lastValueFrom, of, throwError } from 'rxjs';
import { requestBodyHash } from './canonical-json';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { type Claim, type IdempotencyService } from './idempotency.service';

class Routes {
  create(): void {}
  @HttpCode(202)
  accept(): void {}
}

function setup(claim: Claim, request: Record<string, unknown> = {}) {
  const store = {
    claim: jest.fn(() => Promise.resolve(claim)),
    complete: jest.fn(() => Promise.resolve()),
    abandon: jest.fn(() => Promise.resolve()),
  };
  const response = { setHeader: jest.fn() };
  const httpRequest = {
    method: 'POST',
    path: '/v1/webhooks/',
    headers: { 'idempotency-key': 'key-1' },
    principal: { kind: 'company', companyId: 'acme', apiKeyId: 'key_1' },
    body: { url: 'https://example.com', events: ['*'] },
    ...request,
  };
  const context = (handler: () => void = Routes.prototype.create) =>
    ({
      getType: () => 'http',
      getHandler: () => handler,
      switchToHttp: () => ({ getRequest: () => httpRequest, getResponse: () => response }),
    }) as unknown as ExecutionContext;
  const interceptor = new IdempotencyInterceptor(
    store as unknown as IdempotencyService,
    new Reflector(),
  );
  return { store, response, context, interceptor };
}

const handled = (value: unknown): CallHandler => ({ handle: () => of(value) });
const failing = (error: unknown): CallHandler => ({ handle: () => throwError(() => error) });

describe('IdempotencyInterceptor', () => {
  it('claims the key for the scope, method, path and body hash, and saves a success', async () => {
    const { store, context, interceptor, response } = setup({ kind: 'claimed', id: '7' });
    const answer = await lastValueFrom(interceptor.intercept(context(), handled({ id: 'wh_1' })));
    expect(answer).toEqual({ id: 'wh_1' });
    expect(store.claim).toHaveBeenCalledWith({
      scope: 'company:acme',
      key: 'key-1',
      method: 'POST',
      path: '/v1/webhooks',
      requestHash: requestBodyHash({ events: ['*'], url: 'https://example.com' }),
    });
    expect(store.complete).toHaveBeenCalledWith('7', 201, { id: 'wh_1' });
    expect(response.setHeader).not.toHaveBeenCalled();
  });

  it('saves the status the route answers with', async () => {
    const { store, context, interceptor } = setup({ kind: 'claimed', id: '7' });
    await lastValueFrom(
      interceptor.intercept(context(Routes.prototype.accept), handled(undefined)),
    );
    expect(store.complete).toHaveBeenCalledWith('7', 202, undefined);
  });

  it('saves a 4xx answer and rethrows it', async () => {
    const { store, context, interceptor } = setup({ kind: 'claimed', id: '7' });
    const error = ApiError.notFound('Webhook');
    await expect(lastValueFrom(interceptor.intercept(context(), failing(error)))).rejects.toBe(
      error,
    );
    expect(store.complete).toHaveBeenCalledWith('7', 404, error.toBody());
    expect(store.abandon).not.toHaveBeenCalled();
  });

  it('releases the key on a 5xx, so the client can retry with it', async () => {
    for (const error of [
      new Error('database down'),
      new ApiError(503, 'publish_failed', 'later'),
    ]) {
      const { store, context, interceptor } = setup({ kind: 'claimed', id: '7' });
      await expect(lastValueFrom(interceptor.intercept(context(), failing(error)))).rejects.toBe(
        error,
      );
      expect(store.abandon).toHaveBeenCalledWith('7');
      expect(store.complete).not.toHaveBeenCalled();
    }
  });

  it('replays a saved answer with Idempotent-Replayed: true, without running the route', async () => {
    const handle = jest.fn();
    const ok = setup({ kind: 'replay', status: 201, body: { id: 'wh_1' } });
    await expect(
      lastValueFrom(ok.interceptor.intercept(ok.context(), { handle })),
    ).resolves.toEqual({ id: 'wh_1' });
    expect(ok.response.setHeader).toHaveBeenCalledWith('Idempotent-Replayed', 'true');

    const saved = { status: 400, code: 'validation_failed', message: 'url: bad', details: [] };
    const bad = setup({ kind: 'replay', status: 400, body: saved });
    await expect(
      lastValueFrom(bad.interceptor.intercept(bad.context(), { handle })),
    ).rejects.toMatchObject({ status: 400, code: 'validation_failed', message: 'url: bad' });
    expect(handle).not.toHaveBeenCalled();
  });

  it('answers 409 to a reused key or one still in progress', async () => {
    for (const [kind, code] of [
      ['reused', 'idempotency_key_reused'],
      ['in_progress', 'idempotency_key_in_progress'],
    ] as const) {
      const { context, interceptor } = setup({ kind });
      await expect(
        lastValueFrom(interceptor.intercept(context(), handled({}))),
      ).rejects.toMatchObject({ status: 409, code });
    }
  });

  it('leaves requests without a key, and other methods, alone', async () => {
    for (const request of [{ headers: {} }, { method: 'GET' }, { method: 'DELETE' }]) {
      const { store, context, interceptor } = setup({ kind: 'claimed', id: '1' }, request);
      await expect(lastValueFrom(interceptor.intercept(context(), handled('x')))).resolves.toBe(
        'x',
      );
      expect(store.claim).not.toHaveBeenCalled();
    }
  });

  it('scopes admin calls apart from every company', async () => {
    const { store, context, interceptor } = setup(
      { kind: 'claimed', id: '1' },
      { principal: { kind: 'admin' }, path: '/v1/companies' },
    );
    await lastValueFrom(interceptor.intercept(context(), handled({})));
    expect(store.claim).toHaveBeenCalledWith(expect.objectContaining({ scope: 'admin' }));
  });
});
