import { type ArgumentsHost, Catch, type ExceptionFilter, Logger, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type Observable, throwError } from 'rxjs';
import { mapException } from './error-mapping';

/** The slice of an express response the filter needs when no HTTP adapter was given. */
interface ExpressLikeResponse {
  headersSent?: boolean;
  status(code: number): ExpressLikeResponse;
  json(body: unknown): unknown;
  end(): unknown;
}

interface ExpressLikeRequest {
  method?: string;
  originalUrl?: string;
  url?: string;
}

/**
 * Answers every HTTP error with the one body `{status, code, message, details?}`. Unexpected
 * errors become a generic 500 and are logged, so internals never reach the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Apps that inherit the app config into a Kafka microservice get this filter there too;
    // hand the original error back so the stream server sees the real failure.
    if (host.getType() !== 'http') return throwError(() => exception);

    const http = host.switchToHttp();
    const request = http.getRequest<ExpressLikeRequest>();
    const response = http.getResponse<ExpressLikeResponse>();
    const { error, unexpected } = mapException(exception);

    if (unexpected) {
      const method = request?.method ?? '?';
      const url = request?.originalUrl ?? request?.url ?? '?';
      this.logger.error({ msg: `${method} ${url} failed with ${error.status}`, err: exception });
    }

    const adapter = this.adapterHost?.httpAdapter;
    if (adapter) {
      if (adapter.isHeadersSent(response)) adapter.end(response);
      else adapter.reply(response, error.toBody(), error.status);
      return;
    }
    if (response.headersSent) response.end();
    else response.status(error.status).json(error.toBody());
  }
}
