import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type IncomingHttpHeaders } from 'node:http';

/** A Host header worth echoing into a link: a name or address, and a port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * `http://<Host>` of the request: where portal links point when CONSOLE_PUBLIC_URL is not set
 * (local runs; behind a proxy, set CONSOLE_PUBLIC_URL). A Host that is not a plain host[:port]
 * falls back to 127.0.0.1, so nothing odd lands in a link.
 */
export function requestOrigin(request: {
  protocol?: string;
  headers: IncomingHttpHeaders;
}): string {
  const protocol = request.protocol === 'https' ? 'https' : 'http';
  const host = request.headers.host ?? '';
  return `${protocol}://${HOST.test(host) ? host : '127.0.0.1'}`;
}

export const RequestOrigin = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string =>
    requestOrigin(context.switchToHttp().getRequest()),
);
