import { type z } from 'zod';
import { type ConsumedRecord } from './consumed-record';

/** Why a record could not be decoded; the same words travel in `hookstream-invalid-reason`. */
export type InvalidReason = 'null_value' | 'too_large' | 'not_json' | 'schema';

/** A record as a handler sees it: the value decoded and validated against its stream's schema. */
export interface DecodedRecord<T> extends Omit<ConsumedRecord, 'value'> {
  value: T;
  /** Size of the value on the wire, in bytes. */
  size: number;
}

export interface InvalidRecord {
  record: ConsumedRecord;
  reason: InvalidReason;
  detail: string;
}

export type Decoded<T> = { ok: true; record: DecodedRecord<T> } | ({ ok: false } & InvalidRecord);

/**
 * The one place where Kafka record values become typed objects: size limit, JSON, then the
 * contract's zod schema. Everything that fails says exactly why, so the stream's invalid-record
 * policy can forward it with the reason or log it.
 */
export class RecordDecoder<T> {
  private constructor(
    private readonly schema: z.ZodType,
    private readonly tombstones: boolean,
    /** Values larger than this are invalid (`too_large`); forwarded copies are cut to it. */
    readonly maxValueBytes: number | undefined,
  ) {}

  /** JSON values validated by `schema`; a null value is invalid. */
  static json<Schema extends z.ZodType>(
    schema: Schema,
    { maxValueBytes }: { maxValueBytes?: number } = {},
  ): RecordDecoder<z.output<Schema>> {
    return new RecordDecoder(schema, false, maxValueBytes);
  }

  /** A compacted changelog: JSON values validated by `schema`, and tombstones as `null`. */
  static changelog<Schema extends z.ZodType>(
    schema: Schema,
  ): RecordDecoder<z.output<Schema> | null> {
    return new RecordDecoder(schema, true, undefined);
  }

  decode(record: ConsumedRecord): Decoded<T> {
    const { value } = record;
    if (value === null) {
      if (this.tombstones) return valid(record, null as T, 0);
      return invalid(record, 'null_value', 'the record has no value');
    }
    if (this.maxValueBytes !== undefined && value.length > this.maxValueBytes) {
      return invalid(record, 'too_large', `${value.length} bytes exceeds ${this.maxValueBytes}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(value.toString('utf8'));
    } catch (error) {
      return invalid(record, 'not_json', error instanceof Error ? error.message : 'not JSON');
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`)
        .join('; ');
      return invalid(record, 'schema', detail);
    }
    return valid(record, parsed.data as T, value.length);
  }
}

function valid<T>(record: ConsumedRecord, value: T, size: number): Decoded<T> {
  const { topic, partition, offset, key, headers, timestamp } = record;
  return { ok: true, record: { topic, partition, offset, key, headers, timestamp, value, size } };
}

function invalid<T>(record: ConsumedRecord, reason: InvalidReason, detail: string): Decoded<T> {
  return { ok: false, record, reason, detail };
}
