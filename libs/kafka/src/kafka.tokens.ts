/** Injection token of the app's kafkajs client. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
