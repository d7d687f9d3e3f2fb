import {
  type Attributes,
  type Context,
  type Link,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { HOOKSTREAM_VERSION } from '@app/contract';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import { contextFromHeaders, type HeaderCarrier } from './propagation';
import { SpanAttributes } from './span-names';
import { isTracing } from './tracing';

export { SpanKind };

/** One hop's span, or — tracing off — a stand-in that carries its parent's context on. */
export interface TraceStep {
  /** The context of the next hop: this span's, or the parent's when tracing is off. */
  readonly context: Context;
  /** False when nothing is recorded (tracing off): attributes need not be computed. */
  readonly recording: boolean;
  setAttributes(attributes: Attributes): void;
  rename(name: string): void;
  /** Marks the step failed (ERROR status) without ending it. */
  fail(message: string): void;
  /** Ends the span; an error marks it failed. */
  end(error?: unknown): void;
}

export interface StepOptions {
  kind: SpanKind;
  attributes?: Attributes;
  links?: Link[];
}

const tracer = () => trace.getTracer('hookstream', HOOKSTREAM_VERSION);

class SpanStep implements TraceStep {
  readonly context: Context;
  readonly recording = true;

  constructor(
    private readonly span: Span,
    parent: Context,
  ) {
    this.context = trace.setSpan(parent, span);
  }

  setAttributes(attributes: Attributes): void {
    this.span.setAttributes(attributes);
  }

  rename(name: string): void {
    this.span.updateName(name);
  }

  fail(message: string): void {
    this.span.setStatus({ code: SpanStatusCode.ERROR, message });
  }

  end(error?: unknown): void {
    if (error !== undefined) {
      const failure = error instanceof Error ? error : new Error(JSON.stringify(error));
      this.span.recordException(failure);
      this.fail(failure.message);
    }
    this.span.end();
  }
}

/** Tracing off: nothing recorded, the parent's context handed on as it came. */
class PassThroughStep implements TraceStep {
  readonly recording = false;
  constructor(readonly context: Context) {}
  setAttributes(): void {}
  rename(): void {}
  fail(): void {}
  end(): void {}
}

const ROOT_PASS_THROUGH = new PassThroughStep(ROOT_CONTEXT);

function passThrough(parent: Context): TraceStep {
  return parent === ROOT_CONTEXT ? ROOT_PASS_THROUGH : new PassThroughStep(parent);
}

/** Starts a span as a child of `parent` (a root when `parent` holds none). */
export function startStep(name: string, options: StepOptions, parent: Context): TraceStep {
  if (!isTracing()) return passThrough(parent);
  return new SpanStep(tracer().startSpan(name, options, parent), parent);
}

/**
 * A CLIENT span for one HTTP request to `url`: its host, port and scheme as attributes, never
 * its path or query (they may hold a receiver's credentials).
 */
export function startHttpClientStep(
  name: string,
  method: string,
  url: string,
  attributes: () => Attributes,
  parent: Context,
): TraceStep {
  if (!isTracing()) return passThrough(parent);
  return startStep(
    name,
    {
      kind: SpanKind.CLIENT,
      attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, ...urlTarget(url), ...attributes() },
    },
    parent,
  );
}

function urlTarget(url: string): Attributes {
  try {
    const { hostname, port, protocol } = new URL(url);
    const scheme = protocol.replace(/:$/, '');
    return {
      [ATTR_SERVER_ADDRESS]: hostname,
      [ATTR_SERVER_PORT]: Number(port) || (scheme === 'https' ? 443 : 80),
      [ATTR_URL_SCHEME]: scheme,
    };
  } catch {
    return {};
  }
}

/** Runs `work` in a step that ends with its outcome. */
export async function inStep<T>(
  name: string,
  options: StepOptions,
  parent: Context,
  work: (step: TraceStep) => Promise<T>,
): Promise<T> {
  const step = startStep(name, options, parent);
  try {
    const result = await work(step);
    step.end();
    return result;
  } catch (error) {
    step.end(error);
    throw error;
  }
}

export interface BatchOptions extends StepOptions {
  /** The name of each record's own span. */
  recordName: string;
  recordKind: SpanKind;
  /**
   * `asked`: a record gets its span when the work asks for it (`record(index)`), a root where
   * the record carried no context (its trace starts here); `traced`: every record that carried
   * a context gets one up front (it joins that trace), the others none.
   */
  recordSpans: 'asked' | 'traced';
}

/** What a batch's work sees of its tracing. */
export interface BatchTrace {
  /** Record `index`'s step: its context continues the record's own trace. */
  record(index: number): TraceStep;
}

/** Entry `index` of a batch: asking for one outside it is a bug in the caller, said as such. */
function batchEntry<T>(entries: readonly T[], index: number): T {
  const entry = entries[index];
  if (entry === undefined) {
    throw new RangeError(`traceBatch: no record ${index} in a batch of ${entries.length}`);
  }
  return entry;
}

/**
 * One span for a batch of records, linked to every record's context (a batch belongs to many
 * traces), plus one span per record inside the record's own trace, linked back to the batch:
 * so that one event's trace holds every hop, and the batch shows what it handled. All end
 * together, with the work's outcome.
 */
export async function traceBatch<T>(
  name: string,
  records: ReadonlyArray<{ headers: HeaderCarrier }>,
  options: BatchOptions,
  work: (batch: BatchTrace) => Promise<T>,
): Promise<T> {
  if (!isTracing()) {
    return work({
      record: (index) => passThrough(contextFromHeaders(batchEntry(records, index).headers)),
    });
  }
  const contexts = records.map((record) => contextFromHeaders(record.headers));
  const links = contexts.flatMap((context) => {
    const spanContext = trace.getSpanContext(context);
    return spanContext ? [{ context: spanContext }] : [];
  });
  const batch = startStep(
    name,
    {
      kind: options.kind,
      attributes: { ...options.attributes, [SpanAttributes.batchCount]: records.length },
      links: [...(options.links ?? []), ...links],
    },
    ROOT_CONTEXT,
  );
  const batchLink = { context: trace.getSpanContext(batch.context)! };
  const steps = new Map<number, TraceStep>();
  const record = (index: number): TraceStep => {
    let step = steps.get(index);
    if (!step) {
      step = startStep(
        options.recordName,
        { kind: options.recordKind, links: [batchLink] },
        batchEntry(contexts, index),
      );
      steps.set(index, step);
    }
    return step;
  };
  if (options.recordSpans === 'traced') {
    contexts.forEach((context, index) => {
      if (trace.getSpanContext(context)) record(index);
    });
  }
  const endAll = (error?: unknown) => {
    for (const step of steps.values()) step.end(error);
    batch.end(error);
  };
  try {
    const result = await work({ record });
    endAll();
    return result;
  } catch (error) {
    endAll(error);
    throw error;
  }
}
