import { Get, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrorResponses, ZodBody, ZodParam, ZodQuery, ZodResponse } from '@app/http-kit';
import { AdminOnly, ApiController } from '../auth/auth.decorators';
import { type Page } from '../common/pagination';
import { companyIdParam, noQuerySchema } from '../common/request-schemas';
import { CompaniesService } from './companies.service';
import {
  type CompanyJson,
  companyJsonSchema,
  companyPageSchema,
  type ListCompaniesQuery,
  listCompaniesQuerySchema,
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

  @Get()
  @ApiOperation({ summary: 'List companies by id (admin)' })
  @ZodResponse(200, companyPageSchema, 'One page')
  @ApiErrorResponses(400)
  list(@ZodQuery(listCompaniesQuerySchema) query: ListCompaniesQuery): Promise<Page<CompanyJson>> {
    return this.companies.list(query);
  }

  @Get(':company')
  @ApiOperation({ summary: 'Get a company (admin)' })
  @ZodResponse(200, companyJsonSchema, 'The company')
  @ApiErrorResponses(400, 404)
  get(
    @ZodParam('company', companyIdParam) company: string,
    @ZodQuery(noQuerySchema) _query: object,
  ): Promise<CompanyJson> {
    return this.companies.get(company);
  }
}
