import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { type TracingSettings } from '@app/config';
import { HOOKSTREAM_VERSION } from '@app/contract';

let started: { enabled: boolean; shutdown: () => Promise<void> } | undefined;

/**
 * Sets up tracing for the process, once (the first app's settings win). Off — no
 * OTEL_EXPORTER_OTLP_ENDPOINT — no SDK is loaded: spans are the API's no-ops and an incoming
 * traceparent passes through unchanged, as W3C asks of an intermediary that does not trace.
 */
export function startTracing(settings: TracingSettings, startSdk: SdkStarter = startOtlpSdk): void {
  if (started) return;
  if (!settings.enabled) {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    started = { enabled: false, shutdown: () => Promise.resolve() };
    return;
  }
  started = { enabled: true, shutdown: startSdk(settings.serviceName, HOOKSTREAM_VERSION) };
}

/** Registers a tracer provider globally; answers how to shut it down. */
export type SdkStarter = (serviceName: string, serviceVersion: string) => () => Promise<void>;

function startOtlpSdk(serviceName: string, serviceVersion: string): () => Promise<void> {
  // Required here, not imported: a process without an OTLP endpoint never loads the SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSdk } = require('./otel-sdk') as typeof import('./otel-sdk');
  return startSdk(serviceName, serviceVersion);
}

/** True once tracing was started with an exporter. */
export function isTracing(): boolean {
  return started?.enabled ?? false;
}

/** Exports what is still buffered and stops the SDK (at shutdown). */
export async function stopTracing(): Promise<void> {
  await started?.shutdown();
}
