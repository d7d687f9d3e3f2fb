export { HookstreamMetrics, statusClass } from './hookstream-metrics.service';
export { MetricsController } from './metrics.controller';
export { MetricsModule } from './metrics.module';
