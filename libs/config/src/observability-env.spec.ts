import { z } from 'zod';
import { loadConfig } from './load-config';
import { logSettings, observabilityEnvFields, tracingSettings } from './observability-env';

const schema = z.object(observabilityEnvFields).transform((env) => ({
  logging: logSettings(env, 'fanout'),
  tracing: tracingSettings(env, 'fanout'),
}));

describe('the observability environment', () => {
  it('logs JSON lines at info in production and readable lines elsewhere', () => {
    expect(loadConfig(schema, { NODE_ENV: 'production' }).logging).toEqual({
      format: 'json',
      level: 'info',
      service: 'fanout',
    });
    expect(loadConfig(schema, {}).logging.format).toBe('pretty');
    expect(
      loadConfig(schema, { NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).logging.format,
    ).toBe('pretty');
  });

  it('refuses an unknown level or format, naming the variable', () => {
    expect(() => loadConfig(schema, { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig(schema, { LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('traces only when an OTLP endpoint is set', () => {
    expect(loadConfig(schema, {}).tracing).toEqual({
      enabled: false,
      serviceName: 'hookstream-fanout',
    });
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadConfig(schema, endpoint).tracing.enabled).toBe(true);
    expect(
      loadConfig(schema, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://tempo:4318/v1/traces' })
        .tracing.enabled,
    ).toBe(true);
    expect(loadConfig(schema, { ...endpoint, OTEL_SDK_DISABLED: 'true' }).tracing.enabled).toBe(
      false,
    );
    expect(loadConfig(schema, { ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).tracing.enabled).toBe(
      false,
    );
  });

  it('names the service after OTEL_SERVICE_NAME when given', () => {
    expect(loadConfig(schema, { OTEL_SERVICE_NAME: 'hooks-eu' }).tracing.serviceName).toBe(
      'hooks-eu',
    );
  });

  it('refuses a protocol the apps cannot export with, and an endpoint that is no URL', () => {
    expect(() =>
      loadConfig(schema, {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      }),
    ).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT[\s\S]*OTEL_EXPORTER_OTLP_PROTOCOL: only http\/protobuf/);
  });
});
