import { HttpException } from '@nestjs/common';
import { z } from 'zod';
import { ApiError } from './api-error';

/** Codes for statuses that reach the filter without one of ours (Nest exceptions, middleware). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  410: 'gone',
  411: 'length_required',
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  422: 'unprocessable_entity',
  428: 'precondition_required',
  429: 'too_many_requests',
  431: 'request_header_fields_too_large',
  500: 'internal_error',
  501: 'not_implemented',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : `http_${status}`);
}

export interface MappedError {
  error: ApiError;
  /** True when the client gets a generic 500 and the original must be logged. */
  unexpected: boolean;
}

const INTERNAL_MESSAGE = 'Internal server error';

/** Turns anything thrown while handling a request into the client-facing error. */
export function mapException(exception: unknown): MappedError {
  if (exception instanceof ApiError)
    return { error: exception, unexpected: exception.status >= 500 };
  if (exception instanceof z.core.$ZodError) {
    return { error: ApiError.fromZodError(exception), unexpected: false };
  }
  if (exception instanceof HttpException)
    return { error: fromHttpException(exception), unexpected: exception.getStatus() >= 500 };
  const bodyParserError = fromBodyParserError(exception);
  if (bodyParserError) return { error: bodyParserError, unexpected: false };
  return { error: internalError(), unexpected: true };
}

function internalError(): ApiError {
  return new ApiError(500, 'internal_error', INTERNAL_MESSAGE);
}

function fromHttpException(exception: HttpException): ApiError {
  const status = exception.getStatus();
  const response = exception.getResponse();
  let code = codeForStatus(status);
  let message = exception.message;
  let details: unknown[] | undefined;
  if (typeof response === 'string') {
    message = response;
  } else if (isRecord(response)) {
    if (typeof response.code === 'string') code = response.code;
    if (typeof response.message === 'string') {
      message = response.message;
    } else if (Array.isArray(response.message) && response.message.length > 0) {
      // Nest's own ValidationPipe style: a list of messages.
      message = String(response.message[0]);
      details = response.message.map((item) => ({ message: String(item) }));
    }
    if (Array.isArray(response.details)) details = response.details;
  }
  return new ApiError(status, code, message, details);
}

/**
 * Errors from express body-parser (and other `http-errors` users): they carry `status` or
 * `statusCode`, `expose` (true when the message is safe for the client) and, for body-parser, a
 * `type` naming the failure.
 */
export function fromBodyParserError(exception: unknown): ApiError | undefined {
  if (!isRecord(exception)) return undefined;
  const status = statusOf(exception);
  if (status === undefined) return undefined;
  switch (exception.type) {
    case 'entity.parse.failed':
      return ApiError.badRequest('malformed_json', 'Request body is not valid JSON');
    case 'entity.too.large': {
      const limit = typeof exception.limit === 'number' ? ` of ${exception.limit} bytes` : '';
      return new ApiError(413, 'payload_too_large', `Request body exceeds the limit${limit}`);
    }
    case 'entity.too.deep': {
      const limit = typeof exception.limit === 'number' ? ` ${exception.limit}` : '';
      return ApiError.badRequest(
        'body_too_deep',
        `Request body nests arrays and objects deeper than${limit} levels`,
      );
    }
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(
        415,
        'unsupported_media_type',
        safeMessage(exception, 'Unsupported body encoding'),
      );
    default:
      if (status < 400 || status >= 500 || exception.expose !== true) return undefined;
      return new ApiError(status, codeForStatus(status), safeMessage(exception, 'Bad request'));
  }
}

function statusOf(error: Record<string, unknown>): number | undefined {
  const status = error.status ?? error.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status < 600
    ? status
    : undefined;
}

function safeMessage(error: Record<string, unknown>, fallback: string): string {
  return error.expose === true && typeof error.message === 'string' ? error.message : fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
