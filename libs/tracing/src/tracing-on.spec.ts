import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { contextFromHeaders, traceHeaders } from './propagation';
import { SpanKind, startHttpClientStep, traceBatch } from './steps';
import { isTracing, startTracing } from './tracing';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  startTracing({ enabled: true, serviceName: 'test' }, () => {
    provider.register({ propagator: new W3CTraceContextPropagator() });
    return () => provider.shutdown();
  });
});
beforeEach(() => exporter.reset());

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentId = '00f067aa0ba902b7';
const traced = { traceparent: `00-${traceId}-${parentId}-01` };

function spanNamed(name: string): ReadableSpan {
  const span = exporter.getFinishedSpans().find((candidate) => candidate.name === name);
  if (!span) throw new Error(`no span ${name}`);
  return span;
}

describe('tracing on', () => {
  it('is on once started with an SDK', () => {
    expect(isTracing()).toBe(true);
  });

  it('makes an HTTP client span in the caller’s trace, with the URL’s host but not its path', () => {
    const step = startHttpClientStep(
      'deliver',
      'POST',
      'https://hooks.example.com:8443/in?token=secret',
      () => ({ 'hookstream.attempt': 2 }),
      contextFromHeaders(traced),
    );
    step.fail('HTTP 500');
    step.end();

    const span = spanNamed('deliver');
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe(parentId);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': 'hooks.example.com',
      'server.port': 8443,
      'url.scheme': 'https',
      'hookstream.attempt': 2,
    });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    // What the receiver gets continues the trace from this span.
    expect(traceHeaders(step.context).traceparent).toBe(
      `00-${traceId}-${span.spanContext().spanId}-01`,
    );
  });

  it('links a batch span to every record and puts each record’s span in that record’s trace', async () => {
    const records = [{ headers: traced }, { headers: {} }];

    const carried = await traceBatch(
      'process hookstream.events',
      records,
      {
        kind: SpanKind.CONSUMER,
        recordName: 'fanout event',
        recordKind: SpanKind.PRODUCER,
        recordSpans: 'asked',
      },
      (batch) =>
        Promise.resolve(records.map((_, index) => traceHeaders(batch.record(index).context))),
    );

    const batch = spanNamed('process hookstream.events');
    const events = exporter.getFinishedSpans().filter((span) => span.name === 'fanout event');
    expect(batch.links.map((link) => link.context.traceId)).toEqual([traceId]);
    expect(batch.attributes['messaging.batch.message_count']).toBe(2);
    expect(batch.parentSpanContext).toBeUndefined();
    expect(events).toHaveLength(2);
    const [inTrace, root] = events;
    expect(inTrace?.spanContext().traceId).toBe(traceId);
    expect(root?.parentSpanContext).toBeUndefined();
    for (const event of events) {
      expect(event.links.map((link) => link.context.spanId)).toEqual([batch.spanContext().spanId]);
    }
    expect(carried[0]?.traceparent).toContain(inTrace!.spanContext().spanId);
    expect(carried[1]?.traceparent).toContain(root!.spanContext().traceId);
  });

  it('gives only traced records a span when asked to, and ends all with the work’s failure', async () => {
    const records = [{ headers: {} }, { headers: traced }];

    await expect(
      traceBatch(
        'project hookstream.attempts',
        records,
        {
          kind: SpanKind.CONSUMER,
          recordName: 'project record',
          recordKind: SpanKind.INTERNAL,
          recordSpans: 'traced',
        },
        () => Promise.reject(new Error('database away')),
      ),
    ).rejects.toThrow('database away');

    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.name).sort()).toEqual([
      'project hookstream.attempts',
      'project record',
    ]);
    expect(spanNamed('project record').spanContext().traceId).toBe(traceId);
    for (const span of spans) expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('starts no trace from a context without a span', () => {
    expect(trace.getSpanContext(contextFromHeaders({}))).toBeUndefined();
    expect(contextFromHeaders({})).toBe(ROOT_CONTEXT);
  });
});
