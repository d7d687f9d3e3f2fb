import { type ExecutionContext } from '@nestjs/common';
import { GUARDS_METADATA, INTERCEPTORS_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiKeysController } from '../api-keys/api-keys.controller';
import { CompaniesController } from '../companies/companies.controller';
import { EventTypesController } from '../event-types/event-types.controller';
import { EventsController } from '../events/events.controller';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { MessagesController } from '../messages/messages.controller';
import { PortalLinksController } from '../portal/portal-links.controller';
import { PortalSessionsController } from '../portal/portal-sessions.controller';
import { WebhooksController } from '../webhooks/webhooks.controller';
import { type Authenticator } from './authenticator.service';
import { BearerAuthGuard } from './bearer-auth.guard';
import { type Principal } from './principal';

const company: Principal = { kind: 'company', companyId: 'acme', apiKeyId: 'key_1' };
const session = (readOnly: boolean): Principal => ({
  kind: 'portal',
  companyId: 'acme',
  sessionId: 'ps_1',
  linkId: 'pl_1',
  readOnly,
});
const link: Principal = { kind: 'portal-link', companyId: 'acme', linkId: 'pl_1', readOnly: false };
const principals: Record<string, Principal> = {
  admin: { kind: 'admin' },
  hsk_good: company,
  hsps_writer: session(false),
  hsps_reader: session(true),
  hspl_link: link,
};

function contextFor(
  controller: abstract new (...args: never[]) => unknown,
  authorization?: string,
  handler: (...args: never[]) => unknown = () => undefined,
  method = 'GET',
) {
  const request: { method: string; headers: Record<string, string>; principal?: Principal } = {
    method,
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
      Promise.resolve(principals[token]),
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

  it('lets a portal session act for its company, and a read-only one only read', async () => {
    const { update } = WebhooksController.prototype;
    const { context, request } = contextFor(
      WebhooksController,
      'Bearer hsps_writer',
      update,
      'PATCH',
    );
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.principal).toEqual(session(false));
    await expect(
      guard.canActivate(contextFor(WebhooksController, 'Bearer hsps_reader').context),
    ).resolves.toBe(true);
    for (const method of ['POST', 'PATCH', 'DELETE']) {
      await expect(
        guard.canActivate(
          contextFor(WebhooksController, 'Bearer hsps_reader', update, method).context,
        ),
      ).rejects.toMatchObject({ status: 403, code: 'read_only' });
    }
    await expect(
      guard.canActivate(
        contextFor(EventTypesController, 'Bearer hsps_reader', EventTypesController.prototype.list)
          .context,
      ),
    ).resolves.toBe(true);
  });

  it('keeps portal sessions from publishing events, minting links and admin routes', async () => {
    for (const controller of [EventsController, PortalLinksController, CompaniesController]) {
      await expect(
        guard.canActivate(contextFor(controller, 'Bearer hsps_writer', undefined, 'POST').context),
      ).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    }
    const { current } = PortalSessionsController.prototype;
    await expect(
      guard.canActivate(
        contextFor(PortalSessionsController, 'Bearer hsps_reader', current).context,
      ),
    ).resolves.toBe(true);
  });

  it('lets a portal link open a session and do nothing else', async () => {
    const { open, current } = PortalSessionsController.prototype;
    await expect(
      guard.canActivate(
        contextFor(PortalSessionsController, 'Bearer hspl_link', open, 'POST').context,
      ),
    ).resolves.toBe(true);
    for (const [controller, handler] of [
      [PortalSessionsController, current],
      [WebhooksController, WebhooksController.prototype.list],
      [EventTypesController, EventTypesController.prototype.list],
    ] as const) {
      await expect(
        guard.canActivate(contextFor(controller, 'Bearer hspl_link', handler).context),
      ).rejects.toMatchObject({ status: 403 });
    }
    for (const token of ['hsk_good', 'admin', 'hsps_writer']) {
      await expect(
        guard.canActivate(
          contextFor(PortalSessionsController, `Bearer ${token}`, open, 'POST').context,
        ),
      ).rejects.toMatchObject({ status: 403 });
    }
  });

  it('lets API keys and the admin token make portal links', async () => {
    for (const token of ['hsk_good', 'admin']) {
      await expect(
        guard.canActivate(
          contextFor(PortalLinksController, `Bearer ${token}`, undefined, 'POST').context,
        ),
      ).resolves.toBe(true);
    }
  });

  it('guards every management controller, all under /v1, with the Idempotency-Key interceptor', () => {
    for (const controller of [
      CompaniesController,
      ApiKeysController,
      WebhooksController,
      EventsController,
      EventTypesController,
      MessagesController,
      PortalLinksController,
      PortalSessionsController,
    ]) {
      expect(Reflect.getMetadata(GUARDS_METADATA, controller)).toContain(BearerAuthGuard);
      expect(Reflect.getMetadata(INTERCEPTORS_METADATA, controller)).toContain(
        IdempotencyInterceptor,
      );
      expect(Reflect.getMetadata(PATH_METADATA, controller)).toMatch(/^v1\//);
    }
  });
});
