import { Global, Module } from '@nestjs/common';
import { HookstreamMetrics } from './hookstream-metrics.service';
import { MetricsController } from './metrics.controller';

/** Global so any service can inject `HookstreamMetrics`; serves `GET /metrics`. */
@Global()
@Module({
  providers: [HookstreamMetrics],
  controllers: [MetricsController],
  exports: [HookstreamMetrics],
})
export class MetricsModule {}
