import { type RequestEvent } from 'kafkajs';
import { type Counter } from 'prom-client';

/** The kafkajs clients an app runs, as `hookstream_kafka_requests_total` labels them. */
export type KafkaClientKind = 'producer' | 'consumer' | 'admin';

/** What kafkajs's producer, consumer and admin have in common: request instrumentation. */
interface InstrumentedClient {
  readonly events: { readonly REQUEST: string };
  on(eventName: string, listener: (event: RequestEvent) => void): unknown;
}

/** Counts every request `client` sends to a broker, by API (Produce, Fetch, OffsetCommit…). */
export function countKafkaRequests(
  kind: KafkaClientKind,
  client: InstrumentedClient,
  counter: Counter<'client' | 'api'>,
): void {
  client.on(client.events.REQUEST, (event) =>
    counter.inc({ client: kind, api: event.payload.apiName }),
  );
}
