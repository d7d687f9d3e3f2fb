import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HookstreamMetrics } from './hookstream-metrics.service';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: HookstreamMetrics) {}

  // HookstreamMetrics creates its registry with the default (Prometheus text) content type.
  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
