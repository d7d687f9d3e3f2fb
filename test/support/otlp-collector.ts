import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

/** A span as the apps exported it. */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  links: Array<{ traceId: string; spanId: string }>;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
}

const requestType = protobuf
  .parse(readFileSync(path.join(__dirname, 'otlp', 'trace-service.proto'), 'utf8'))
  .root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
/** An empty ExportTraceServiceResponse: full success. */
const EMPTY_RESPONSE = Buffer.alloc(0);

interface DecodedValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
}
interface DecodedKeyValue {
  key: string;
  value?: DecodedValue;
}
interface DecodedSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId?: Uint8Array;
  name: string;
  kind?: number;
  attributes?: DecodedKeyValue[];
  links?: Array<{ traceId: Uint8Array; spanId: Uint8Array }>;
  status?: { code?: number };
}
interface DecodedRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: DecodedKeyValue[] };
    scopeSpans?: Array<{ spans?: DecodedSpan[] }>;
  }>;
}

/**
 * An OTLP/HTTP collector on loopback, for the tests: it takes the apps' protobuf exports on
 * POST /v1/traces (the exporter's default protocol), decodes them and keeps every span.
 */
export class OtlpCollector {
  readonly spans: CollectedSpan[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpCollector> {
    const server = createServer();
    const collector = new OtlpCollector(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method !== 'POST' || request.url !== '/v1/traces') {
          response.writeHead(404).end();
          return;
        }
        const raw = Buffer.concat(chunks);
        const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        collector.spans.push(...decode(body));
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(EMPTY_RESPONSE);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return collector;
  }

  /** The base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  inTrace(traceId: string): CollectedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function decode(body: Buffer): CollectedSpan[] {
  const request = requestType.toObject(requestType.decode(body), {
    longs: String,
    defaults: false,
  }) as DecodedRequest;
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span): CollectedSpan => ({
        service,
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: span.parentSpanId?.length ? hex(span.parentSpanId) : undefined,
        name: span.name,
        kind: span.kind ?? 0,
        attributes: attributesOf(span.attributes),
        links: (span.links ?? []).map((link) => ({
          traceId: hex(link.traceId),
          spanId: hex(link.spanId),
        })),
        statusCode: span.status?.code ?? 0,
      })),
    );
  });
}

function attributesOf(list: DecodedKeyValue[] = []): CollectedSpan['attributes'] {
  const attributes: CollectedSpan['attributes'] = {};
  for (const { key, value = {} } of list) {
    const scalar =
      value.stringValue ??
      value.boolValue ??
      (value.intValue === undefined ? undefined : Number(value.intValue)) ??
      value.doubleValue;
    if (scalar !== undefined) attributes[key] = scalar;
  }
  return attributes;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
