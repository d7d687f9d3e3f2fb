import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError } from '@app/http-kit';
import { type Repository } from 'typeorm';
import { EventTypeEntity } from './event-type.entity';
import {
  type CreateEventTypeBody,
  type EventTypeJson,
  type EventTypeList,
  type UpdateEventTypeBody,
} from './event-type.schemas';

/** The event type catalog: readable by everyone, changed by the operator. */
@Injectable()
export class EventTypesService {
  constructor(
    @InjectRepository(EventTypeEntity) private readonly eventTypes: Repository<EventTypeEntity>,
  ) {}

  async list(): Promise<EventTypeList> {
    const rows = await this.eventTypes.find({ order: { name: 'ASC' } });
    return { data: rows.map(toEventTypeJson) };
  }

  async create({ name, description }: CreateEventTypeBody): Promise<EventTypeJson> {
    const now = new Date();
    const result = await this.eventTypes
      .createQueryBuilder()
      .insert()
      .values({ name, description, deprecated: false, createdAt: now, updatedAt: now })
      .orIgnore()
      .returning(['name'])
      .execute();
    if ((result.raw as unknown[]).length === 0) {
      throw ApiError.conflict('event_type_exists', `Event type "${name}" already exists`);
    }
    return { name, description, deprecated: false };
  }

  async update(name: string, patch: UpdateEventTypeBody): Promise<EventTypeJson> {
    const current = await this.eventTypes.findOneBy({ name });
    if (!current) throw ApiError.notFound('Event type');
    const next = {
      deprecated: patch.deprecated ?? current.deprecated,
      description: patch.description ?? current.description,
    };
    if (next.deprecated !== current.deprecated || next.description !== current.description) {
      await this.eventTypes.update({ name }, { ...next, updatedAt: new Date() });
    }
    return toEventTypeJson({ ...current, ...next });
  }
}

function toEventTypeJson(row: EventTypeEntity): EventTypeJson {
  return { name: row.name, description: row.description, deprecated: row.deprecated };
}
