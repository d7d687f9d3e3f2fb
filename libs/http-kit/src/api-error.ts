import { type z } from 'zod';

/** One entry of `details` in a validation error. */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** The one error body every endpoint answers with (see DESIGN.md, "Management API"). */
export interface ApiErrorBody {
  status: number;
  code: string;
  message: string;
  details?: unknown[];
}

/**
 * An error meant for the client: its status, code and message are sent as they are, so never
 * put internals (SQL, stack traces, hostnames) in one.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} not found`);
  }

  static conflict(code: string, message: string): ApiError {
    return new ApiError(409, code, message);
  }

  static forbidden(message = 'Not allowed to perform this operation'): ApiError {
    return new ApiError(403, 'forbidden', message);
  }

  static unauthorized(message = 'Missing or invalid bearer token'): ApiError {
    return new ApiError(401, 'unauthorized', message);
  }

  static badRequest(code: string, message: string, details?: unknown[]): ApiError {
    return new ApiError(400, code, message, details);
  }

  /**
   * The 400 `validation_failed` error for a failed zod parse: the message names the first
   * problem, `details` lists all of them. `prefix` is prepended to every path (for example the
   * name of the query parameter that was validated).
   */
  static fromZodError(error: z.core.$ZodError, prefix: PropertyKey[] = []): ApiError {
    const details: ApiErrorDetail[] = error.issues.map((issue) => ({
      path: formatPath([...prefix, ...issue.path]),
      message: issue.message,
    }));
    const first = details[0];
    const message = !first
      ? 'Invalid input'
      : first.path
        ? `${first.path}: ${first.message}`
        : first.message;
    return ApiError.badRequest('validation_failed', message, details);
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { status: this.status, code: this.code, message: this.message };
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((segment) => (typeof segment === 'symbol' ? String(segment.description) : String(segment)))
    .join('.');
}
