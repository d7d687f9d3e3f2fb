import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type LogSettings } from '@app/config';
import { Store, storage } from 'nestjs-pino/storage';
import { type LevelWithSilent, type Logger } from 'pino';
import { type Options, pinoHttp } from 'pino-http';
import { scrubUrl } from './redaction';
import { processLogger } from './root-logger';

/** Probes and scrapes come every few seconds: their lines are at debug. */
const QUIET_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/** A caller's request id is kept when it looks like one (it goes into every line). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
}

/** The level of a request's line: server failures are errors, probes debug, the rest info. */
export function accessLogLevel(
  request: Pick<IncomingMessage, 'url'>,
  response: Pick<ServerResponse, 'statusCode'>,
  error?: Error,
): LevelWithSilent {
  if (error || response.statusCode >= 500) return 'error';
  if (QUIET_PATHS.test(request.url ?? '')) return 'debug';
  return 'info';
}

/**
 * The access log (pino-http): one line per request once answered, with method, URL (credentials
 * scrubbed), headers (Authorization and cookies redacted by the logger), status and duration.
 * Lines logged while a request runs carry its id as `reqId` (x-request-id when the caller sent one).
 */
export function accessLogOptions(): Options {
  return {
    genReqId: (request, response) => {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      response.setHeader('x-request-id', id);
      return id;
    },
    // Lines logged during the request carry its id (`reqId`), not the whole request again.
    quietReqLogger: true,
    customLogLevel: accessLogLevel,
    customSuccessMessage: (request, response, responseTime) =>
      `${request.method} ${scrubUrl(request.url ?? '')} ${response.statusCode} ${Math.round(responseTime)}ms`,
    customErrorMessage: (request, response, error) =>
      `${request.method} ${scrubUrl(request.url ?? '')} ${response.statusCode}: ${error.message}`,
    serializers: {
      req: (request: SerializedRequest) => ({
        id: request.id,
        method: request.method,
        url: scrubUrl(request.url ?? ''),
        headers: request.headers,
        remoteAddress: request.remoteAddress,
      }),
    },
  };
}

type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/** What an express app offers for this: `use`. */
interface MiddlewareHost {
  use(middleware: Middleware): unknown;
}

/**
 * The access log and request-scoped logs of an HTTP app, around its edge (`configureEdge`, the
 * body parsers and limits): the access log first, so that every answered request gets its line
 * (a refused body included); the binding of its logger to the request after the parsers, whose
 * stream callbacks would lose it, so that Nest's lines logged while the request runs (nestjs-pino)
 * carry its `reqId`. Registered as plain middleware: Nest's MiddlewareConsumer would add routes
 * for every method to the router.
 *
 * `requestScoped: false` leaves the binding out. It runs each request in an AsyncLocalStorage,
 * and on Node 20 the first such run turns on async hooks for the whole process: every promise
 * then costs about 2.5× as much (measured), a tax on kafkajs and undici in an app whose only
 * requests are probes and scrapes.
 */
export function useHttpLogging(
  app: MiddlewareHost,
  settings: LogSettings,
  configureEdge: () => void,
  { requestScoped }: { requestScoped: boolean },
): void {
  app.use(pinoHttp({ logger: processLogger(settings), ...accessLogOptions() }));
  configureEdge();
  if (!requestScoped) return;
  app.use((request, _response, next) => {
    const logger = (request as IncomingMessage & { log?: Logger }).log;
    if (logger) storage.run(new Store(logger), next);
    else next();
  });
}
