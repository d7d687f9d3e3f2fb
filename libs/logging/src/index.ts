export * from './redaction';
export * from './root-logger';
export * from './nest-logger';
export * from './access-log';
export * from './kafka-log-level';
