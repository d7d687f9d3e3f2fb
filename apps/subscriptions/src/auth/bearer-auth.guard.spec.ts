import { type ExecutionContext } from '@nestjs/common';
import { GUARDS_METADATA, INTERCEPTORS_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { CompaniesController } from '../companies/companies.controller';
import { EventTypesController } from '../event-types/event-types.controller';
import { EventsController } from '../events/events.controller';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { MessagesController } from '../messages/messages.controller';
import { WebhooksController } from '../webhooks/webhooks.controller';
import { type Authenticator } from './authenticator.service';
import { BearerAuthGuard } from './bearer-auth.guard';
import { type Principal } from './principal';

const company: Principal = { kind: 'company', companyId: 'acme', apiKeyId: 'key_1' };

function contextFor(
  controller: abstract new (...args: never[]) => unknown,
  authorization?: string,
  handler: (...args: never[]) => unknown = () => undefined,
) {
  const request: { headers: Record<string, string>; principal?: Principal } = {
    headers: authorization === undefined ? {} : { authorization },
  };
  const context = {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => handler,
    getClass: () => controller,
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('BearerAuthGuard', () => {
  const authenticator = {
    authenticate: jest.fn((token: string): Promise<Principal | undefined> =>
      Promise.resolve(
        token === 'admin' ? { kind: 'admin' } : token === 'hsk_good' ? company : undefined,
      ),
    ),
  };
  const guard = new BearerAuthGuard(new Reflector(), authenticator as unknown as Authenticator);

  it('answers 401 without a valid bearer token', async () => {
    for (const header of [undefined, '', 'Basic abc', 'Bearer', 'Bearer hsk_bad']) {
      await expect(
        guard.canActivate(contextFor(WebhooksController, header).context),
      ).rejects.toMatchObject({
        status: 401,
      });
    }
  });

  it('lets an API key act for its company and forbids admin routes', async () => {
    const { context, request } = contextFor(WebhooksController, 'bearer  hsk_good');
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.principal).toEqual(company);
    await expect(
      guard.canActivate(contextFor(CompaniesController, 'Bearer hsk_good').context),
    ).rejects.toMatchObject({
      status: 403,
    });
  });

  it('lets the admin token manage companies but not act for a company', async () => {
    await expect(
      guard.canActivate(contextFor(ApiKeysController, 'Bearer admin').context),
    ).resolves.toBe(true);
    await expect(
      guard.canActivate(contextFor(EventsController, 'Bearer admin').context),
    ).rejects.toMatchObject({
      status: 403,
    });
  });

  it('lets both kinds read the event type catalog, and only the admin change it', async () => {
    const { list, create } = EventTypesController.prototype;
    for (const token of ['admin', 'hsk_good']) {
      await expect(
        guard.canActivate(contextFor(EventTypesController, `Bearer ${token}`, list).context),
      ).resolves.toBe(true);
    }
    await expect(
      guard.canActivate(contextFor(EventTypesController, 'Bearer hsk_good', create).context),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('guards every management controller, all under /v1, with the Idempotency-Key interceptor', () => {
    for (const controller of [
      CompaniesController,
      ApiKeysController,
      WebhooksController,
      EventsController,
      EventTypesController,
      MessagesController,
    ]) {
      expect(Reflect.getMetadata(GUARDS_METADATA, controller)).toContain(BearerAuthGuard);
      expect(Reflect.getMetadata(INTERCEPTORS_METADATA, controller)).toContain(
        IdempotencyInterceptor,
      );
      expect(Reflect.getMetadata(PATH_METADATA, controller)).toMatch(/^v1\//);
    }
  });
});
