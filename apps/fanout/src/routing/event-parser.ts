import { type InputEvent, inputEventSchema, MAX_EVENT_BYTES } from '@app/contract';
import { type ConsumedRecord } from '@app/kafka';

export type InvalidReason = 'null_value' | 'too_large' | 'not_json' | 'schema';

export type ParsedEvent =
  | { ok: true; event: InputEvent & { occurredAt: string } }
  | { ok: false; reason: InvalidReason; detail: string };

/** Turns a record of hookstream.events into a valid event, or says exactly why not. */
export function parseEventRecord(record: ConsumedRecord): ParsedEvent {
  if (record.value === null)
    return { ok: false, reason: 'null_value', detail: 'the record has no value' };
  if (record.value.length > MAX_EVENT_BYTES) {
    return {
      ok: false,
      reason: 'too_large',
      detail: `${record.value.length} bytes exceeds ${MAX_EVENT_BYTES}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(record.value.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      reason: 'not_json',
      detail: error instanceof Error ? error.message : 'not JSON',
    };
  }
  const parsed = inputEventSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`)
      .join('; ');
    return { ok: false, reason: 'schema', detail };
  }
  const occurredAt = new Date(parsed.data.occurredAt ?? record.timestamp).toISOString();
  return { ok: true, event: { ...parsed.data, occurredAt } };
}
