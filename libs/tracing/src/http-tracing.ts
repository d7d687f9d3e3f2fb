import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Context, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { contextFromHeaders } from './propagation';
import { startStep } from './steps';

/** Where a request's trace context is kept for its handler. */
const TRACE_CONTEXT = Symbol('hookstream.traceContext');

interface TracedRequest extends IncomingMessage {
  [TRACE_CONTEXT]?: Context;
  path?: string;
  route?: { path?: string };
}

/**
 * Express middleware: a SERVER span per request under `pathPrefix`, continuing the caller's
 * traceparent, named after the route once it is known (`POST /v1/events`). Its context is kept
 * on the request for handlers (`@RequestTrace()`); tracing off, that is the caller's context.
 */
export function traceHttpRequests(pathPrefix: string) {
  return (request: TracedRequest, response: ServerResponse, next: () => void): void => {
    const path = request.path ?? request.url ?? '';
    const incoming = contextFromHeaders(request.headers);
    if (!path.startsWith(pathPrefix)) {
      request[TRACE_CONTEXT] = incoming;
      next();
      return;
    }
    const method = request.method ?? 'GET';
    const step = startStep(
      method,
      {
        kind: SpanKind.SERVER,
        attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_PATH]: path },
      },
      incoming,
    );
    request[TRACE_CONTEXT] = step.context;
    response.once('finish', () => {
      const route = request.route?.path;
      step.setAttributes({
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: response.statusCode,
        ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
      });
      if (route) step.rename(`${method} ${route}`);
      if (response.statusCode >= 500) step.fail(`HTTP ${response.statusCode}`);
      step.end();
    });
    next();
  };
}

/** A handler parameter: the request's trace context (see traceHttpRequests). */
export const RequestTrace = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Context =>
    context.switchToHttp().getRequest<TracedRequest>()[TRACE_CONTEXT] ?? ROOT_CONTEXT,
);
