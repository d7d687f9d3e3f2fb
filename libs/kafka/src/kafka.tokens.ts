/** Injection token of the app's kafkajs client. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');

/** Injection token of the app's producer settings (ProducerSettings). */
export const KAFKA_PRODUCER_SETTINGS = Symbol('KAFKA_PRODUCER_SETTINGS');

/** Injection token of the app's consumer membership settings (ConsumerSettings). */
export const KAFKA_CONSUMER_SETTINGS = Symbol('KAFKA_CONSUMER_SETTINGS');

/** Injection token of the kafkajs client the app's consumers use (retries without end). */
export const KAFKA_CONSUMER_CLIENT = Symbol('KAFKA_CONSUMER_CLIENT');
