export { ApiError, type ApiErrorBody, type ApiErrorDetail } from './api-error';
export { AllExceptionsFilter } from './all-exceptions.filter';
export { ZodBody, ZodParam, ZodQuery, ZodValidationPipe } from './zod-validation.pipe';
export {
  configureHttpApp,
  DEFAULT_MAX_JSON_DEPTH,
  type HttpAppOptions,
  KEEP_ALIVE_TIMEOUT_MS,
  type RouteBodyLimit,
} from './configure-http-app';
export { mapException, type MappedError } from './error-mapping';
export { ApiErrorResponses, apiErrorBodySchema, openApiSchema, ZodResponse } from './openapi';
export { jsonDepthExceeds } from './json-depth';
export * from './run-service';
