import { Logger } from '@nestjs/common';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  defaultResource,
  envDetector,
  detectResources,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

/**
 * The OpenTelemetry SDK, configured by the standard OTEL_* variables: the OTLP/HTTP (protobuf)
 * exporter reads the endpoint, headers, timeout and compression; the provider the sampler and
 * span limits; the batch processor its OTEL_BSP_* sizes; the resource OTEL_RESOURCE_ATTRIBUTES.
 * This module is required only when tracing is on.
 */
export function startSdk(serviceName: string, serviceVersion: string): () => Promise<void> {
  const sdkLogger = new Logger('OpenTelemetry');
  diag.setLogger(
    {
      error: (message, ...args) => sdkLogger.error({ msg: message, args }),
      warn: (message, ...args) => sdkLogger.warn({ msg: message, args }),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );
  const resource = defaultResource()
    .merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: serviceName,
        [ATTR_SERVICE_VERSION]: serviceVersion,
      }),
    )
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // traceparent/tracestate only: Hookstream carries no baggage.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return () => provider.shutdown();
}
