/** A thin JSON client for the management API, as a customer's code would call it. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }

  patch<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path);
  }

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }
}

/** Creates a company with an API key and returns a client acting for it. */
export async function newTenant(
  admin: ApiClient,
  prefix = 'co',
): Promise<{ company: string; client: ApiClient }> {
  const company = `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
  const created = await admin.post('/v1/companies', { id: company, name: `Company ${company}` });
  if (created.status !== 201) throw new Error(`company not created: ${JSON.stringify(created)}`);
  const key = await admin.post<{ key: string }>(`/v1/companies/${company}/api-keys`, {
    name: 'e2e',
  });
  if (key.status !== 201) throw new Error(`api key not created: ${JSON.stringify(key)}`);
  return { company, client: admin.withToken(key.body.key) };
}
