import { type IncomingMessage, type Server } from 'node:http';
import { HttpAdapterHost } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { ApiError } from './api-error';
import { answerClientErrorsAsJson } from './client-errors';
import { fromBodyParserError } from './error-mapping';
import { jsonDepthExceeds } from './json-depth';

/** A smaller body limit for one route (for example events, which become Kafka records). */
export interface RouteBodyLimit {
  method: string;
  /** The exact path, such as `/v1/events` (matched case-insensitively, trailing slash ignored). */
  path: string;
  /** Bytes; must be below the app's `bodyLimit`. */
  limit: number;
}

export interface HttpAppOptions {
  /** Largest accepted JSON body, in body-parser notation (`'256kb'`) or bytes. */
  bodyLimit: string | number;
  /** Routes that accept less than `bodyLimit`; a larger body answers 413 like any other. */
  routeBodyLimits?: RouteBodyLimit[];
  /** Deepest nesting of arrays and objects accepted in a JSON body [64]. */
  maxJsonDepth?: number;
}

/**
 * How long an idle keep-alive connection stays open: longer than the idle timeout of the load
 * balancers in front (60 s on most), so that the balancer, not Node, closes it. Node's 5 s
 * default makes a client that reuses a connection just as Node closes it (a balancer, or a
 * process whose event loop was busy for a moment) fail its request with "socket hang up".
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export const DEFAULT_MAX_JSON_DEPTH = 64;

/** Raw byte length of a parsed body, stamped by the JSON parser's verify hook. */
const BODY_BYTES = Symbol('hookstream.bodyBytes');

type Next = (error?: unknown) => void;
interface EdgeRequest extends IncomingMessage {
  path?: string;
  [BODY_BYTES]?: number;
}

/**
 * The HTTP edge every app shares: strict JSON bodies up to `bodyLimit` (less on the routes of
 * `routeBodyLimits`) and at most `maxJsonDepth` levels deep, the one error body for every
 * failure (unknown routes and requests Node's parser refuses included), no `x-powered-by`,
 * graceful shutdown on SIGTERM.
 *
 * The app must be created with `NestFactory.create(Module, { bodyParser: false })`: otherwise
 * Nest installs its own parsers at `init()` (default 100kb limit, plus urlencoded) and ours
 * would not be the only one deciding what a body may be.
 *
 * Call before `app.init()`/`app.listen()`, since middleware runs in registration order.
 */
export function configureHttpApp(
  app: NestExpressApplication,
  { bodyLimit, routeBodyLimits = [], maxJsonDepth = DEFAULT_MAX_JSON_DEPTH }: HttpAppOptions,
): NestExpressApplication {
  app.disable('x-powered-by');
  const limitFor = routeLimitLookup(routeBodyLimits);

  // A declared length over a route's limit is refused before a byte of the body is read.
  app.use((request: EdgeRequest, _response: unknown, next: Next) => {
    const limit = limitFor(request);
    const declared = Number(request.headers['content-length']);
    next(limit !== undefined && declared > limit ? tooLarge(limit) : undefined);
  });
  app.useBodyParser('json', {
    limit: bodyLimit,
    strict: true,
    verify: (request: EdgeRequest, _response: unknown, body: Buffer) => {
      request[BODY_BYTES] = body.length;
      if (jsonDepthExceeds(body, maxJsonDepth)) {
        // body-parser keeps this status and type (it wraps verify errors with http-errors).
        throw Object.assign(new Error(`JSON nested deeper than ${maxJsonDepth} levels`), {
          status: 400,
          expose: true,
          type: 'entity.too.deep',
          limit: maxJsonDepth,
        });
      }
    },
  });
  // Bodies sent without a length (chunked) are measured once read.
  app.use((request: EdgeRequest, _response: unknown, next: Next) => {
    const limit = limitFor(request);
    const bytes = request[BODY_BYTES] ?? 0;
    next(limit !== undefined && bytes > limit ? tooLarge(limit) : undefined);
  });
  // Nest rewrites a parse failure (a SyntaxError) into a plain BadRequestException before any
  // filter sees it, losing body-parser's `type`; translate parser errors here, while it is known.
  app.use((error: unknown, _request: unknown, _response: unknown, next: Next) => {
    next(fromBodyParserError(error) ?? error);
  });
  app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost)));
  const server: Server = app.getHttpServer();
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  answerClientErrorsAsJson(server);
  app.enableShutdownHooks();
  return app;
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'payload_too_large', `Request body exceeds the limit of ${limit} bytes`);
}

function routeLimitLookup(limits: RouteBodyLimit[]): (request: EdgeRequest) => number | undefined {
  const byRoute = new Map(limits.map((entry) => [routeKey(entry.method, entry.path), entry.limit]));
  return (request) =>
    byRoute.size === 0
      ? undefined
      : byRoute.get(routeKey(request.method ?? '', request.path ?? request.url ?? ''));
}

function routeKey(method: string, path: string): string {
  const [beforeQuery = ''] = path.split('?');
  const bare = beforeQuery.replace(/\/+$/, '') || '/';
  return `${method.toUpperCase()} ${bare.toLowerCase()}`;
}
