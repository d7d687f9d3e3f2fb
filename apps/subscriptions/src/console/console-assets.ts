import fs from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ApiError } from '@app/http-kit';
import helmet from 'helmet';

/** Where the console is served: the portal under /console/portal, the operator console beside. */
export const CONSOLE_PATH = '/console';

/** Vite writes hashed file names here: they never change, so they are cached for a year. */
const HASHED_ASSETS = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface ConsoleServing {
  /** The built console (index.html, assets/); undefined answers 503 console_not_built. */
  dir: string | undefined;
  /** CSP frame-ancestors sources (PORTAL_FRAME_ANCESTORS). */
  frameAncestors: string[];
}

/** What express gives a handler mounted under CONSOLE_PATH (no @types/express here). */
interface ConsoleRequest extends IncomingMessage {
  path: string;
  originalUrl: string;
}
interface ConsoleResponse extends ServerResponse {
  sendFile(
    file: string,
    options: { headers: Record<string, string>; dotfiles: 'deny'; cacheControl: false },
    done: (error?: Error) => void,
  ): void;
}
type Next = (error?: unknown) => void;

/**
 * Serves the built console under /console: hashed assets with long-lived immutable caching,
 * index.html (for every other path: the app routes in the browser) never cached, and on every
 * answer a strict Content-Security-Policy (only this origin's scripts, styles, images and API;
 * no inline script; framing only by PORTAL_FRAME_ANCESTORS) plus the usual hardening headers.
 * Call before `app.init()`, so it comes before the API's routes.
 */
export function serveConsole(app: NestExpressApplication, options: ConsoleServing): void {
  app.use(CONSOLE_PATH, consoleHeaders(options.frameAncestors));
  app.use(CONSOLE_PATH, (request: ConsoleRequest, response: ConsoleResponse, next: Next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const [pathname, query] = splitOnce(request.originalUrl, '?');
    // Relative asset URLs resolve against /console/, not /.
    if (pathname === CONSOLE_PATH) {
      response.writeHead(308, { Location: `${CONSOLE_PATH}/${query ? `?${query}` : ''}` }).end();
      return;
    }
    if (!options.dir) {
      return fail(
        response,
        new ApiError(503, 'console_not_built', 'The console is not built: run npm run build'),
      );
    }
    const file = fileFor(options.dir, request.path);
    if (file === undefined) return fail(response, ApiError.notFound('File'));
    const hashed = request.path.startsWith(HASHED_ASSETS);
    if (hashed && !isFile(file)) return fail(response, ApiError.notFound('File'));
    const [served, cacheControl] = hashed
      ? [file, IMMUTABLE]
      : isFile(file)
        ? [file, 'no-cache']
        : [path.join(options.dir, 'index.html'), 'no-store'];
    response.sendFile(
      served,
      { headers: { 'Cache-Control': cacheControl }, dotfiles: 'deny', cacheControl: false },
      (error) => {
        if (error && !response.headersSent) fail(response, ApiError.notFound('File'));
      },
    );
  });
}

/** The built console next to the apps' build: `<package root>/dist/console`, if it is there. */
export function findConsoleDir(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const built = path.join(dir, 'dist', 'console');
      return isFile(path.join(built, 'index.html')) ? built : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function consoleHeaders(frameAncestors: string[]) {
  const framedBy = frameAncestors.join(' ');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': frameAncestors,
      },
    },
    // Older browsers know only X-Frame-Options; it can say nobody or this origin, nothing more.
    xFrameOptions:
      framedBy === "'none'"
        ? { action: 'deny' }
        : framedBy === "'self'"
          ? { action: 'sameorigin' }
          : false,
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS belongs to whoever terminates TLS for the whole host.
    strictTransportSecurity: false,
  });
}

/** The file a request path names inside `dir`, or undefined when it would leave it. */
function fileFor(dir: string, requestPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(dir, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === dir || file.startsWith(dir + path.sep) ? file : undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function fail(response: ServerResponse, error: ApiError): void {
  response
    .writeHead(error.status, { 'Content-Type': 'application/json; charset=utf-8' })
    .end(JSON.stringify(error.toBody()));
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}
