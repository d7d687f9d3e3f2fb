import { type DynamicModule, Module } from '@nestjs/common';

/** Injection token of the app's validated config object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Module({})
export class ConfigModule {
  /**
   * Provides the app's config, already validated by `loadConfig` in main.ts, so tests can
   * start an app with a config object of their own.
   */
  static forRoot<Config extends object>(config: Config): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
