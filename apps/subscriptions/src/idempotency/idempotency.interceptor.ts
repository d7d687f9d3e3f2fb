import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiError, type ApiErrorBody, mapException } from '@app/http-kit';
import { catchError, from, mergeMap, type Observable, of, throwError } from 'rxjs';
import { type AuthenticatedRequest } from '../auth/principal';
import { requestBodyHash } from './canonical-json';
import {
  IDEMPOTENT_METHODS,
  IDEMPOTENT_REPLAYED_HEADER,
  idempotencyScope,
  parseIdempotencyKey,
} from './idempotency-key';
import { type Claim, IdempotencyService } from './idempotency.service';

interface IdempotentHttpRequest extends AuthenticatedRequest {
  body?: unknown;
  path?: string;
}

interface HeaderSettable {
  setHeader(name: string, value: string): unknown;
}

/**
 * `Idempotency-Key` on POST and PATCH: the first request with a key runs and its answer (2xx or
 * 4xx) is saved for 24 h per scope (the company, or the admin token), method and path; a repeat
 * with the same body gets that answer again with `Idempotent-Replayed: true`, a repeat with
 * another body 409 `idempotency_key_reused`, a repeat while the first still runs waits for it
 * (409 `idempotency_key_in_progress` if it takes too long). A 5xx is not saved: the key is
 * released, so the client can retry with it.
 *
 * Runs after BearerAuthGuard (the scope comes from the principal) and before the validation
 * pipes, so a saved 400 is replayed like any other answer.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly store: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<IdempotentHttpRequest>();
    const method = (request.method ?? '').toUpperCase();
    const header = request.headers['idempotency-key'];
    if (!IDEMPOTENT_METHODS.has(method) || header === undefined || !request.principal) {
      return next.handle();
    }
    const key = parseIdempotencyKey(header);
    const successStatus =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (method === 'POST' ? 201 : 200);
    const claiming = this.store.claim({
      scope: idempotencyScope(request.principal),
      key,
      method,
      path: requestPath(request),
      requestHash: requestBodyHash(request.body),
    });
    return from(claiming).pipe(
      mergeMap((claim) =>
        this.answer(claim, next, successStatus, http.getResponse<HeaderSettable>()),
      ),
    );
  }

  private answer(
    claim: Claim,
    next: CallHandler,
    successStatus: number,
    response: HeaderSettable,
  ): Observable<unknown> {
    switch (claim.kind) {
      case 'reused':
        throw ApiError.conflict(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request body; use a new key for a new request',
        );
      case 'in_progress':
        throw ApiError.conflict(
          'idempotency_key_in_progress',
          'A request with this Idempotency-Key is still in progress; retry in a moment',
        );
      case 'replay': {
        response.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
        if (claim.status >= 400) throw savedError(claim.status, claim.body);
        // The route answers with the same status as the first time (it is fixed per route).
        return of(claim.body);
      }
      case 'claimed':
        return this.run(claim.id, next, successStatus);
    }
  }

  private run(id: string, next: CallHandler, successStatus: number): Observable<unknown> {
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        await this.store.complete(id, successStatus, body).catch((error: unknown) => {
          this.logger.error({
            msg: 'could not save the answer of an idempotency entry',
            idempotencyKeyId: id,
            err: error,
          });
        });
        return body;
      }),
      catchError((error: unknown) => {
        const { error: answer } = mapException(error);
        const settle =
          answer.status >= 400 && answer.status < 500
            ? this.store.complete(id, answer.status, answer.toBody())
            : this.store.abandon(id);
        return from(
          settle.catch((storeError: unknown) => {
            this.logger.error({
              msg: 'could not settle an idempotency entry',
              idempotencyKeyId: id,
              err: storeError,
            });
          }),
        ).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}

/** The path the key is bound to: no query string, no trailing slash. */
function requestPath(request: IdempotentHttpRequest): string {
  const [beforeQuery = ''] = (request.url ?? '').split('?');
  const path = request.path ?? beforeQuery;
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function savedError(status: number, body: unknown): ApiError {
  const saved = (body ?? {}) as Partial<ApiErrorBody>;
  return new ApiError(
    status,
    typeof saved.code === 'string' ? saved.code : 'error',
    typeof saved.message === 'string' ? saved.message : 'Error',
    Array.isArray(saved.details) ? saved.details : undefined,
  );
}
