import { type ErrorBody } from './types';

/** A /v1 call that did not succeed, with the API's one error body. */
export class ApiFailure extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }

  get status(): number {
    return this.body.status;
  }

  get code(): string {
    return this.body.code;
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

/**
 * The management API with one bearer token (a portal session, or the admin token the operator
 * typed). `onUnauthorized` runs on every 401: the session ended or the token is wrong.
 */
export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void = () => undefined,
    private readonly baseUrl = '',
  ) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      throw new ApiFailure({
        status: 0,
        code: 'network_error',
        message: 'Hookstream could not be reached. Check your connection and try again.',
      });
    }
    const text = await response.text();
    const json: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      if (response.status === 401) this.onUnauthorized();
      throw new ApiFailure(asErrorBody(json, response.status));
    }
    return json as T;
  }
}

/** `path?name=value&…`, leaving out empty values. */
export function withQuery(path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asErrorBody(json: unknown, status: number): ErrorBody {
  const body = json as Partial<ErrorBody> | undefined;
  if (body && typeof body.code === 'string' && typeof body.message === 'string') {
    return { status, code: body.code, message: body.message, details: body.details };
  }
  return { status, code: 'http_error', message: `The request failed (HTTP ${status}).` };
}
