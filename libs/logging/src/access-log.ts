import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type LevelWithSilent } from 'pino';
import { type Options } from 'pino-http';
import { scrubUrl } from './redaction';

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
 * Lines logged while a request runs carry its `req.id` (x-request-id when the caller sent one).
 */
export function accessLogOptions(): Options {
  return {
    genReqId: (request, response) => {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      response.setHeader('x-request-id', id);
      return id;
    },
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
