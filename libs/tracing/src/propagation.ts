import { type Context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { TraceHeaders } from '@app/contract';

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** Headers as Kafka records (decoded) and HTTP requests carry them. */
export type HeaderCarrier = Readonly<Record<string, string | string[] | undefined>>;

/** The trace context a Kafka record or HTTP request carries (ROOT_CONTEXT when none). */
export function contextFromHeaders(headers: HeaderCarrier): Context {
  if (headers[TraceHeaders.traceparent] === undefined) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** `traceparent` (and `tracestate`) for the next hop; empty without a valid context. */
export function traceHeaders(context: Context): Readonly<Record<string, string>> {
  // The common case, tracing off and no context: nothing to write, nothing to allocate.
  if (context === ROOT_CONTEXT) return NO_HEADERS;
  const carrier: Record<string, string> = {};
  propagation.inject(context, carrier);
  return carrier;
}
