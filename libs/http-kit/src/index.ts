export { ApiError, type ApiErrorBody, type ApiErrorDetail } from './api-error';
export { AllExceptionsFilter } from './all-exceptions.filter';
export { ZodBody, ZodParam, ZodQuery, ZodValidationPipe } from './zod-validation.pipe';
export { configureHttpApp, type HttpAppOptions } from './configure-http-app';
