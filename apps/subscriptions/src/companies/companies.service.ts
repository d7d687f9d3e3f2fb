import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError } from '@app/http-kit';
import { MoreThan, type Repository } from 'typeorm';
import { encodeIdCursor } from '../common/cursor';
import { type Page, toPage } from '../common/pagination';
import {
  type CompanyJson,
  type CreateCompanyBody,
  COMPANY_ID_PATTERN,
  type ListCompaniesQuery,
} from './company.schemas';
import { CompanyEntity } from './company.entity';

@Injectable()
export class CompaniesService {
  constructor(
    @InjectRepository(CompanyEntity) private readonly companies: Repository<CompanyEntity>,
  ) {}

  async create({ id, name }: CreateCompanyBody): Promise<CompanyJson> {
    const result = await this.companies
      .createQueryBuilder()
      .insert()
      .values({ id, name, createdAt: new Date() })
      .orIgnore()
      .returning(['id', 'name', 'createdAt'])
      .execute();
    const [row] = result.raw as Array<{ id: string; name: string; created_at: Date }>;
    if (!row) throw ApiError.conflict('company_exists', `Company "${id}" already exists`);
    return { id: row.id, name: row.name, createdAt: row.created_at.toISOString() };
  }

  /** By id (the slug). */
  async list({ limit, cursor }: ListCompaniesQuery): Promise<Page<CompanyJson>> {
    const rows = await this.companies.find({
      where: cursor ? { id: MoreThan(cursor) } : {},
      order: { id: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, toCompanyJson, (row) => encodeIdCursor(row.id));
  }

  async get(id: string): Promise<CompanyJson> {
    const company = COMPANY_ID_PATTERN.test(id) ? await this.companies.findOneBy({ id }) : null;
    if (!company) throw ApiError.notFound('Company');
    return toCompanyJson(company);
  }

  /** Throws 404 unless the company exists. */
  async assertExists(id: string): Promise<void> {
    const exists = COMPANY_ID_PATTERN.test(id) && (await this.companies.existsBy({ id }));
    if (!exists) throw ApiError.notFound('Company');
  }
}

function toCompanyJson(company: CompanyEntity): CompanyJson {
  return { id: company.id, name: company.name, createdAt: company.createdAt.toISOString() };
}
