import { HttpAdapterHost } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { fromBodyParserError } from './error-mapping';

export interface HttpAppOptions {
  /** Largest accepted JSON body, in body-parser notation (`'256kb'`) or bytes. */
  bodyLimit: string | number;
}

/**
 * The HTTP edge every app shares: strict JSON bodies up to `bodyLimit`, the one error body for
 * every failure (unknown routes included), no `x-powered-by`, graceful shutdown on SIGTERM.
 *
 * The app must be created with `NestFactory.create(Module, { bodyParser: false })`: otherwise
 * Nest installs its own parsers at `init()` (default 100kb limit, plus urlencoded) and ours
 * would not be the only one deciding what a body may be.
 *
 * Call before `app.init()`/`app.listen()`, since middleware runs in registration order.
 */
export function configureHttpApp(
  app: NestExpressApplication,
  { bodyLimit }: HttpAppOptions,
): NestExpressApplication {
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: bodyLimit, strict: true });
  // Nest rewrites a parse failure (a SyntaxError) into a plain BadRequestException before any
  // filter sees it, losing body-parser's `type`; translate parser errors here, while it is known.
  app.use(
    (error: unknown, _request: unknown, _response: unknown, next: (error?: unknown) => void) => {
      next(fromBodyParserError(error) ?? error);
    },
  );
  app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost)));
  app.enableShutdownHooks();
  return app;
}
