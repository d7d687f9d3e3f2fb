'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.configureHttpApp =
  exports.ZodValidationPipe =
  exports.ZodQuery =
  exports.ZodParam =
  exports.ZodBody =
  exports.AllExceptionsFilter =
  exports.ApiError =
    void 0;
var api_error_1 = require('./api-error');
Object.defineProperty(exports, 'ApiError', {
  enumerable: true,
  get: function () {
    return api_error_1.ApiError;
  },
});
var all_exceptions_filter_1 = require('./all-exceptions.filter');
Object.defineProperty(exports, 'AllExceptionsFilter', {
  enumerable: true,
  get: function () {
    return all_exceptions_filter_1.AllExceptionsFilter;
  },
});
var zod_validation_pipe_1 = require('./zod-validation.pipe');
Object.defineProperty(exports, 'ZodBody', {
  enumerable: true,
  get: function () {
    return zod_validation_pipe_1.ZodBody;
  },
});
Object.defineProperty(exports, 'ZodParam', {
  enumerable: true,
  get: function () {
    return zod_validation_pipe_1.ZodParam;
  },
});
Object.defineProperty(exports, 'ZodQuery', {
  enumerable: true,
  get: function () {
    return zod_validation_pipe_1.ZodQuery;
  },
});
Object.defineProperty(exports, 'ZodValidationPipe', {
  enumerable: true,
  get: function () {
    return zod_validation_pipe_1.ZodValidationPipe;
  },
});
var configure_http_app_1 = require('./configure-http-app');
Object.defineProperty(exports, 'configureHttpApp', {
  enumerable: true,
  get: function () {
    return configure_http_app_1.configureHttpApp;
  },
});
//# sourceMappingURL=index.js.map
