import { Post } from '@nestjs/common';
import { ZodBody } from '@app/http-kit';
import { AdminOnly, ApiController } from '../auth/auth.decorators';
import { CompaniesService } from './companies.service';
import {
  type CompanyJson,
  type CreateCompanyBody,
  createCompanyBodySchema,
} from './company.schemas';

@ApiController('companies')
@AdminOnly()
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Post()
  create(@ZodBody(createCompanyBodySchema) body: CreateCompanyBody): Promise<CompanyJson> {
    return this.companies.create(body);
  }
}
