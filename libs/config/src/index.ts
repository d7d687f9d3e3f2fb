export * from './duration';
export * from './env-schemas';
export * from './load-config';
export * from './config.module';
export * from './secrets-keys';
export * from './kafka-env';
export * from './observability-env';
