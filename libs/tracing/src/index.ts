export * from './tracing';
export * from './propagation';
export * from './steps';
export * from './span-names';
export * from './http-tracing';
export * from './tracing.module';
export { type Context, ROOT_CONTEXT } from '@opentelemetry/api';
