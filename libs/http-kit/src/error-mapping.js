'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.codeForStatus = codeForStatus;
exports.mapException = mapException;
exports.fromBodyParserError = fromBodyParserError;
const common_1 = require('@nestjs/common');
const zod_1 = require('zod');
const api_error_1 = require('./api-error');
const CODE_BY_STATUS = {
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
function codeForStatus(status) {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : `http_${status}`);
}
const INTERNAL_MESSAGE = 'Internal server error';
function mapException(exception) {
  if (exception instanceof api_error_1.ApiError)
    return { error: exception, unexpected: exception.status >= 500 };
  if (exception instanceof zod_1.z.core.$ZodError) {
    return { error: api_error_1.ApiError.fromZodError(exception), unexpected: false };
  }
  if (exception instanceof common_1.HttpException)
    return { error: fromHttpException(exception), unexpected: exception.getStatus() >= 500 };
  const bodyParserError = fromBodyParserError(exception);
  if (bodyParserError) return { error: bodyParserError, unexpected: false };
  return { error: internalError(), unexpected: true };
}
function internalError() {
  return new api_error_1.ApiError(500, 'internal_error', INTERNAL_MESSAGE);
}
function fromHttpException(exception) {
  const status = exception.getStatus();
  const response = exception.getResponse();
  let code = codeForStatus(status);
  let message = exception.message;
  let details;
  if (typeof response === 'string') {
    message = response;
  } else if (isRecord(response)) {
    if (typeof response.code === 'string') code = response.code;
    if (typeof response.message === 'string') {
      message = response.message;
    } else if (Array.isArray(response.message) && response.message.length > 0) {
      message = String(response.message[0]);
      details = response.message.map((item) => ({ message: String(item) }));
    }
    if (Array.isArray(response.details)) details = response.details;
  }
  return new api_error_1.ApiError(status, code, message, details);
}
function fromBodyParserError(exception) {
  if (!isRecord(exception)) return undefined;
  const status = statusOf(exception);
  if (status === undefined) return undefined;
  switch (exception.type) {
    case 'entity.parse.failed':
      return api_error_1.ApiError.badRequest('malformed_json', 'Request body is not valid JSON');
    case 'entity.too.large': {
      const limit = typeof exception.limit === 'number' ? ` of ${exception.limit} bytes` : '';
      return new api_error_1.ApiError(
        413,
        'payload_too_large',
        `Request body exceeds the limit${limit}`,
      );
    }
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new api_error_1.ApiError(
        415,
        'unsupported_media_type',
        safeMessage(exception, 'Unsupported body encoding'),
      );
  }
  if (status < 400 || status >= 500 || exception.expose !== true) return undefined;
  return new api_error_1.ApiError(
    status,
    codeForStatus(status),
    safeMessage(exception, 'Bad request'),
  );
}
function statusOf(error) {
  const status = error.status ?? error.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status < 600
    ? status
    : undefined;
}
function safeMessage(error, fallback) {
  return error.expose === true && typeof error.message === 'string' ? error.message : fallback;
}
function isRecord(value) {
  return typeof value === 'object' && value !== null;
}
//# sourceMappingURL=error-mapping.js.map
