import { z } from 'zod';

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** pino's levels, lowest first; `silent` logs nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The `logging` section of an app's config. */
export interface LogSettings {
  format: LogFormat;
  level: LogLevel;
  /** The app's name, a field of every line (`service`). */
  service: string;
}

/** The `tracing` section of an app's config. */
export interface TracingSettings {
  /** True when an OTLP endpoint is set and the SDK is not disabled: only then is it loaded. */
  enabled: boolean;
  /** `OTEL_SERVICE_NAME`, else `hookstream-<app>`. */
  serviceName: string;
}

/** The only OTLP protocol the apps export with (the OTel default; no gRPC stack is shipped). */
const OTLP_PROTOCOL = 'http/protobuf';

const otlpEndpoint = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .optional();

const otlpProtocol = z
  .literal(OTLP_PROTOCOL, { error: `only ${OTLP_PROTOCOL} is supported` })
  .optional();

/**
 * Environment fields of every app: logs (`LOG_FORMAT`, `LOG_LEVEL`) and the standard
 * OpenTelemetry variables this project checks itself. Every other `OTEL_*` variable (headers,
 * timeout, sampler, batch sizes, resource attributes) is read by the SDK as the spec says.
 */
export const observabilityEnvFields = {
  NODE_ENV: z.string().optional(),
  LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpEndpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol,
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol,
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none'], { error: 'must be otlp or none' }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
};

type ObservabilityEnv = z.output<z.ZodObject<typeof observabilityEnvFields>>;

/** The `logging` and `tracing` sections of an app's config. */
export function observabilitySettings(
  env: ObservabilityEnv,
  service: string,
): { logging: LogSettings; tracing: TracingSettings } {
  return { logging: logSettings(env, service), tracing: tracingSettings(env, service) };
}

/** JSON lines in production, readable lines elsewhere, unless LOG_FORMAT says. */
export function logSettings(env: ObservabilityEnv, service: string): LogSettings {
  return {
    format: env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'),
    level: env.LOG_LEVEL,
    service,
  };
}

/** Tracing is off unless an OTLP endpoint is set (and neither switch turns it off again). */
export function tracingSettings(env: ObservabilityEnv, service: string): TracingSettings {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return {
    enabled:
      endpoint !== undefined &&
      env.OTEL_SDK_DISABLED !== 'true' &&
      env.OTEL_TRACES_EXPORTER !== 'none',
    serviceName: env.OTEL_SERVICE_NAME ?? `hookstream-${service}`,
  };
}
