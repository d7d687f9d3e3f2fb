import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { type LogSettings } from '@app/config';
import { LoggerModule } from 'nestjs-pino';
import { accessLogOptions } from './access-log';
import { processLogger } from './root-logger';

/** The access log and request-scoped logging of an app, on the process's one logger. */
@Module({})
export class LoggingModule {
  static forRoot(settings: LogSettings): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { logger: processLogger(settings), ...accessLogOptions() },
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
      ],
    };
  }
}
