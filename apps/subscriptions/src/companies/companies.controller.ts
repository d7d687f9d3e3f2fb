import { Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodBody, ZodQuery, ZodResponse } from '@app/http-kit';
import { AdminOnly, ApiController } from '../auth/auth.decorators';
import { noQuerySchema } from '../common/request-schemas';
import { CompaniesService } from './companies.service';
import {
  type CompanyJson,
  companyJsonSchema,
  type CreateCompanyBody,
  createCompanyBodySchema,
} from './company.schemas';

@ApiController('companies', 'companies (admin)')
@AdminOnly()
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a company (admin)' })
  @ZodResponse(201, companyJsonSchema, 'Created')
  @ApiErrorResponses(400, 409, 413)
  create(
    @ZodQuery(noQuerySchema) _query: object,
    @ZodBody(createCompanyBodySchema) body: CreateCompanyBody,
  ): Promise<CompanyJson> {
    return this.companies.create(body);
  }
}
