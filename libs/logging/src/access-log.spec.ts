import { type LogSettings } from '@app/config';
import { AsyncLocalStorage } from 'node:async_hooks';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { storage } from 'nestjs-pino/storage';
import { useHttpLogging } from './access-log';

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

function appRecordingMiddleware() {
  const middleware: Middleware[] = [];
  return { middleware, use: (handler: Middleware) => middleware.push(handler) };
}

const settings: LogSettings = { format: 'json', level: 'error', service: 'test' };

describe('useHttpLogging', () => {
  it('puts the access log before the edge and binds each request’s logger after it', () => {
    const app = appRecordingMiddleware();
    const order: string[] = [];
    useHttpLogging(app, settings, () => order.push(`edge after ${app.middleware.length}`), {
      requestScoped: true,
    });

    expect(order).toEqual(['edge after 1']);
    expect(app.middleware).toHaveLength(2);
    const bound: unknown[] = [];
    const request = { log: { child: () => undefined } } as unknown as IncomingMessage;
    app.middleware[1]!(request, {} as ServerResponse, () => bound.push(storage.getStore()));
    expect(bound).toHaveLength(1);
    expect(bound[0]).toBeDefined();
  });

  it('binds nothing to requests when they are only probes and scrapes', () => {
    const app = appRecordingMiddleware();
    useHttpLogging(app, settings, () => undefined, { requestScoped: false });

    expect(app.middleware).toHaveLength(1);
    expect(storage).toBeInstanceOf(AsyncLocalStorage);
  });
});
