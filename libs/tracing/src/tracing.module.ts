import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type TracingSettings } from '@app/config';
import { startTracing, stopTracing } from './tracing';

/** Starts tracing with the app (see startTracing) and exports the last spans at shutdown. */
@Module({})
export class TracingModule implements OnApplicationShutdown {
  static forRoot(settings: TracingSettings): DynamicModule {
    startTracing(settings);
    return { module: TracingModule };
  }

  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}
