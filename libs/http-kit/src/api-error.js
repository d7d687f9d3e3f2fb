'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.ApiError = void 0;
class ApiError extends Error {
  status;
  code;
  details;
  name = 'ApiError';
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
  static notFound(what) {
    return new ApiError(404, 'not_found', `${what} not found`);
  }
  static conflict(code, message) {
    return new ApiError(409, code, message);
  }
  static forbidden(message = 'Not allowed to perform this operation') {
    return new ApiError(403, 'forbidden', message);
  }
  static unauthorized(message = 'Missing or invalid bearer token') {
    return new ApiError(401, 'unauthorized', message);
  }
  static badRequest(code, message, details) {
    return new ApiError(400, code, message, details);
  }
  static fromZodError(error, prefix = []) {
    const details = error.issues.map((issue) => ({
      path: formatPath([...prefix, ...issue.path]),
      message: issue.message,
    }));
    const first = details[0];
    const message = !first
      ? 'Invalid input'
      : first.path
        ? `${first.path}: ${first.message}`
        : first.message;
    return ApiError.badRequest('validation_failed', message, details);
  }
  toBody() {
    const body = { status: this.status, code: this.code, message: this.message };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}
exports.ApiError = ApiError;
function formatPath(path) {
  return path
    .map((segment) => (typeof segment === 'symbol' ? String(segment.description) : String(segment)))
    .join('.');
}
//# sourceMappingURL=api-error.js.map
