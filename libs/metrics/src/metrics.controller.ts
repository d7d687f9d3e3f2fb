import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { HookstreamMetrics } from './hookstream-metrics.service';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: HookstreamMetrics) {}

  // HookstreamMetrics creates its registry with the default (Prometheus text) content type.
  @Get()
  // Scraped without a token, like every Prometheus target; block it at the ingress if needed.
  @ApiOperation({ summary: 'Prometheus metrics of this process', security: [] })
  @ApiProduces('text/plain')
  @ApiResponse({
    status: 200,
    description: 'The Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
