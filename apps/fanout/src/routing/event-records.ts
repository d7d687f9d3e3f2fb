import { type InputEvent, inputEventSchema, MAX_EVENT_BYTES } from '@app/contract';
import { type DecodedRecord, RecordDecoder } from '@app/kafka';

/** hookstream.events as fan-out reads it: at most 256 KiB, JSON, the input event schema. */
export const eventDecoder = RecordDecoder.json(inputEventSchema, {
  maxValueBytes: MAX_EVENT_BYTES,
});

/** An event ready to route: its time is known (the record's timestamp unless it says). */
export type RoutableEvent = InputEvent & { occurredAt: string };

export function routableEvent({ value, timestamp }: DecodedRecord<InputEvent>): RoutableEvent {
  return { ...value, occurredAt: new Date(value.occurredAt ?? timestamp).toISOString() };
}
