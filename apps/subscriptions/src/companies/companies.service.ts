import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError } from '@app/http-kit';
import { type Repository } from 'typeorm';
import { type CompanyJson, type CreateCompanyBody, COMPANY_ID_PATTERN } from './company.schemas';
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
    const row = result.raw as Array<{ id: string; name: string; created_at: Date }>;
    if (row.length === 0)
      throw ApiError.conflict('company_exists', `Company "${id}" already exists`);
    return { id: row[0].id, name: row[0].name, createdAt: row[0].created_at.toISOString() };
  }

  /** Throws 404 unless the company exists. */
  async assertExists(id: string): Promise<void> {
    const exists = COMPANY_ID_PATTERN.test(id) && (await this.companies.existsBy({ id }));
    if (!exists) throw ApiError.notFound('Company');
  }
}
