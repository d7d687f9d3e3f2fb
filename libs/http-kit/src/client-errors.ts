import { STATUS_CODES, type Server } from 'node:http';
import { type Duplex } from 'node:stream';
import { codeForStatus } from './error-mapping';

/** What Node's HTTP parser reports for requests it cannot parse at all. */
interface ClientError extends Error {
  code?: string;
}

const MESSAGES: Record<number, string> = {
  400: 'Malformed HTTP request',
  408: 'Request timed out',
  413: 'Request too large',
  431: 'Request headers or URL too large',
};

/** The status Node's own handler would give (see lib/_http_server.js). */
export function clientErrorStatus(code: string | undefined): number {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case undefined: // no code: a parse failure all the same
    default:
      return 400;
  }
}

/**
 * Requests Node's HTTP parser refuses before any framework sees them (headers or URL over the
 * 16 KiB limit, a broken request line) get the same error body as everything else, instead of
 * Node's empty answer; the connection is closed after it.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (error: ClientError, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = clientErrorStatus(error.code);
    const body = JSON.stringify({
      status,
      code: codeForStatus(status),
      message: MESSAGES[status] ?? 'Bad request',
    });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
