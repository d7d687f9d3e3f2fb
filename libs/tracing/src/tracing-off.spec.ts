import { TraceHeaders } from '@app/contract';
import { contextFromHeaders, traceHeaders } from './propagation';
import { SpanKind, startHttpClientStep, startStep, traceBatch } from './steps';
import { isTracing, startTracing } from './tracing';

const incoming = {
  [TraceHeaders.traceparent]: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  [TraceHeaders.tracestate]: 'vendor=abc',
};

beforeAll(() => startTracing({ enabled: false, serviceName: 'test' }));

describe('tracing off (no OTLP endpoint)', () => {
  it('loads no SDK and records nothing', () => {
    expect(isTracing()).toBe(false);
  });

  it('passes an incoming traceparent and tracestate through unchanged', () => {
    const step = startHttpClientStep(
      'deliver',
      'POST',
      'https://example.com/hook',
      () => ({}),
      contextFromHeaders(incoming),
    );

    expect(traceHeaders(step.context)).toEqual(incoming);
  });

  it('adds no trace headers to what carried none, and records nothing', () => {
    const step = startStep('publish', { kind: SpanKind.PRODUCER }, contextFromHeaders({}));

    expect(traceHeaders(step.context)).toEqual({});
    expect(step.recording).toBe(false);
  });

  it('ignores a malformed traceparent', () => {
    expect(traceHeaders(contextFromHeaders({ traceparent: 'not-a-traceparent' }))).toEqual({});
  });

  it('hands each record of a batch its own context', async () => {
    const records = [{ headers: incoming }, { headers: {} }];

    const carried = await traceBatch(
      'batch',
      records,
      {
        kind: SpanKind.CONSUMER,
        recordName: 'record',
        recordKind: SpanKind.PRODUCER,
        recordSpans: 'asked',
      },
      (batch) =>
        Promise.resolve(records.map((_, index) => traceHeaders(batch.record(index).context))),
    );

    expect(carried).toEqual([incoming, {}]);
  });
});
