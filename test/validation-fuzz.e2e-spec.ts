import { Agent, request as httpRequest } from 'node:http';
import { ApiClient, newTenant } from './support/api-client';
import { Platform, TEST_ADMIN_TOKEN } from './support/platform';
import { registeredRoutes } from './support/routes';

/**
 * Sends malformed requests to every route of the management API — garbage and truncated JSON,
 * wrong types, huge and odd strings, deep nesting, arrays for objects, bad ids, bad query
 * parameters, wrong content types and encodings, invalid UTF-8 — and expects only 4xx (or a
 * 2xx where the junk happens to be valid), always in the one error body, never a 5xx; the app
 * must be healthy afterwards. Seeded: FUZZ_SEED=<n> replays a run exactly.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const REQUESTS_PER_ROUTE = Number(process.env.FUZZ_REQUESTS_PER_ROUTE ?? 150);
const CONCURRENCY = 8;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Strings that databases, parsers and encoders choke on. */
const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202egnp.exe',
  '😀'.repeat(300),
  'x'.repeat(70_000),
  ' ',
  '\n',
  "'; DROP TABLE webhooks; --",
  '%s%s%n',
  '__proto__',
];

class Fuzz {
  constructor(readonly random: () => number) {}
  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  string(): string {
    const alphabets = [
      'abcdefghijklmnopqrstuvwxyz0123456789_-.*',
      'ÄÖÜßéèçñ€😀🚀ℌ𝔢𝔩𝔩𝔬\u200b\u202e\ufeff',
      '\u0000\u0001\u001f\u007f\ud800\udfff"\\/\b\f\n\r\t',
      '<script>%s%n{}[]\'";--/*',
    ];
    switch (this.int(6)) {
      case 0:
        return '';
      case 1:
        return 'x'.repeat(this.pick([255, 256, 1_001, 2_049, 70_000]));
      case 2:
        return this.pick([
          'https://93.184.216.34/',
          'http://127.0.0.1:1/x',
          'javascript:alert(1)',
          'https://',
          'whsec_AAAA',
          'user.create',
          '*',
          'user.*',
          '2026-01-01T00:00:00Z',
          '9999-99-99',
          'wh_01ARZ3NDEKTSV4RRFFQ69G5FAV',
          'NaN',
          '-1',
        ]);
      default: {
        const alphabet = [...this.pick(alphabets)];
        return Array.from({ length: 1 + this.int(40) }, () => this.pick(alphabet)).join('');
      }
    }
  }

  value(depth = 0): unknown {
    switch (this.int(depth > 3 ? 6 : 9)) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 101, 604_801, -0]);
      case 3:
      case 4:
      case 5:
        return this.string();
      case 6:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let index = this.int(4); index > 0; index -= 1) {
          object[
            this.pick([
              'url',
              'events',
              'name',
              'id',
              'data',
              '__proto__',
              'constructor',
              this.string(),
            ])
          ] = this.value(depth + 1);
        }
        return object;
      }
    }
  }

  nastyString(): string {
    return this.pick(NASTY_STRINGS);
  }

  /** A valid body with one thing wrong (or several). */
  mutate(body: Record<string, unknown>): unknown {
    const copy: Record<string, unknown> = { ...body };
    const keys = Object.keys(copy);
    switch (this.int(8)) {
      case 0:
        if (keys.length > 0) copy[this.pick(keys)] = this.value();
        return copy;
      case 1:
      case 2: // every field valid but one odd string: reaches the database
        if (keys.length > 0) copy[this.pick(keys)] = this.nastyString();
        return copy;
      case 3:
        copy[this.pick(['extra', 'company', 'secretz', '__proto__', this.string() || 'k'])] =
          this.value();
        return copy;
      case 4:
        if (keys.length > 0) delete copy[this.pick(keys)];
        return copy;
      case 5:
        return [copy];
      case 6:
        return this.value();
      default:
        for (const key of keys) if (this.chance(0.5)) copy[key] = this.value();
        return copy;
    }
  }

  nested(depth: number): string {
    const open = this.chance(0.5) ? '[' : '{"a":';
    const close = open === '[' ? ']' : '}';
    return open.repeat(depth) + '1' + close.repeat(depth);
  }

  /** A body as bytes, with the content type to send it with. */
  rawBody(valid: Record<string, unknown>): {
    body?: Buffer;
    contentType?: string;
    encoding?: string;
  } {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');
    switch (this.int(20)) {
      case 0:
        return {};
      case 1:
        return {
          body: Buffer.from(JSON.stringify(valid).slice(0, -1 - this.int(5))),
          contentType: 'application/json',
        };
      case 2:
        return {
          body: Buffer.from(`${JSON.stringify(valid)}}garbage`),
          contentType: 'application/json',
        };
      case 3:
        return {
          body: Buffer.from(Array.from({ length: 1 + this.int(200) }, () => this.int(256))),
          contentType: 'application/json',
        };
      case 4: // invalid UTF-8 inside a JSON string
        return {
          body: Buffer.concat([
            Buffer.from('{"name":"'),
            Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
            Buffer.from('","id":"a"}'),
          ]),
          contentType: 'application/json',
        };
      case 5:
        return {
          body: Buffer.from(this.nested(this.pick([63, 65, 500, 20_000]))),
          contentType: 'application/json',
        };
      case 6:
        return {
          body: json(valid),
          contentType: this.pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/json; charset=latin1',
            'application/json; charset=utf-16',
            'application/xml',
          ]),
        };
      case 7:
        return {
          body: json(valid),
          contentType: 'application/json',
          encoding: this.pick(['gzip', 'deflate', 'br', 'zstd']),
        };
      case 8:
        return {
          body: Buffer.from(
            this.pick(['null', '1', '"x"', 'true', '[]', '{}', '', ' ', 'NaN', '{"a":1,"a":2}']),
          ),
          contentType: 'application/json',
        };
      default:
        return { body: json(this.mutate(valid)), contentType: 'application/json' };
    }
  }

  pathValue(real: string): string {
    switch (this.int(8)) {
      case 0:
      case 1:
      case 6:
      case 7:
        return real;
      case 2:
        return this.pick([
          '%FF',
          '%E0%A4%A',
          '%00',
          '%',
          '%2e%2e',
          '..',
          '.',
          '*',
          '%20',
          '%0A',
          'null',
          '-1',
        ]);
      case 3:
        return 'a'.repeat(this.pick([129, 300, 5_000]));
      case 4:
        return `${real.slice(0, 3)}${'Z'.repeat(26)}`;
      default:
        return this.chance(0.5) ? encodeURIComponent(this.string()) || 'x' : real;
    }
  }

  query(valid: string[]): string {
    const parameters: string[] = [];
    for (let index = this.int(4); index > 0; index -= 1) {
      const name =
        this.chance(0.7) && valid.length > 0
          ? this.pick(valid)
          : this.pick(['foo', 'limit[a]', '__proto__', encodeURIComponent(this.string())]);
      const value = this.pick([
        '',
        '0',
        '-1',
        '101',
        '100',
        '1e2',
        '1e400',
        'abc',
        '%FF',
        '%E0%A4%A',
        'pending',
        'user.create',
        'wh_01ARZ3NDEKTSV4RRFFQ69G5FAV',
        'bXNnXzE',
        encodeURIComponent(this.string()),
      ]);
      parameters.push(`${name}=${value}`);
    }
    return parameters.length > 0 ? `?${parameters.join('&')}` : '';
  }
}

interface Answer {
  status: number;
  body: string;
}

describe('malformed requests are answered 4xx, never 5xx', () => {
  let platform: Platform;
  let port: number;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  beforeAll(async () => {
    platform = await Platform.start({}, { without: ['fanout', 'delivery'] });
    port = Number(new URL(platform.apiUrl).port);
  });

  afterAll(async () => {
    agent.destroy();
    await platform?.close();
  });

  function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  it(`survives ${REQUESTS_PER_ROUTE} malformed requests on every route (seed ${SEED})`, async () => {
    const started = Date.now();
    const admin = new ApiClient(platform.apiUrl, TEST_ADMIN_TOKEN);
    const { company, client } = await newTenant(admin, 'fuzz');
    const key = (client as unknown as { token: string }).token;
    const webhook = await client.post<{ id: string }>('/v1/webhooks', {
      url: 'http://127.0.0.1:9/fuzz',
    });
    const victimKey = await admin.post<{ id: string }>(`/v1/companies/${company}/api-keys`, {
      name: 'victim',
    });
    await admin.post('/v1/event-types', { name: 'fuzz.target', description: 'fuzzed' });
    const since = new Date(Date.now() - 60_000).toISOString();

    const realIds: Record<string, string> = {
      id: webhook.body.id,
      company,
      name: 'fuzz.target',
    };
    const realId = (name: string): string => {
      const id = realIds[name];
      if (id === undefined) throw new Error(`no real id for the route parameter :${name}`);
      return id;
    };
    const validBodies: Record<string, Record<string, unknown>> = {
      'POST /v1/companies': { id: 'fz-company', name: 'Fuzz' },
      'POST /v1/companies/:company/api-keys': { name: 'fuzz' },
      'POST /v1/webhooks': { url: 'http://127.0.0.1:9/x', events: ['user.*'], description: 'd' },
      'PATCH /v1/webhooks/:id': { description: 'x', enabled: true, events: ['*'] },
      'POST /v1/webhooks/:id/rotate-secret': { gracePeriodSeconds: 60 },
      'POST /v1/webhooks/:id/recover': { since },
      'POST /v1/events': { id: 'evt_fuzz', event: 'user.create', data: { a: 1 } },
      'POST /v1/event-types': { name: 'fuzz.other', description: 'x' },
      'PATCH /v1/event-types/:name': { deprecated: false, description: 'y' },
      'POST /v1/messages/:id/redeliver': {},
      'PUT /v1/operational-webhook': { url: 'http://127.0.0.1:9/operations' },
      'POST /v1/webhooks/:id/test-event': { event: 'user.create', data: { a: 1 } },
      'POST /v1/portal-links': { expiresInSeconds: 600, readOnly: true },
    };
    const queryNames: Record<string, string[]> = {
      'GET /v1/webhooks': ['limit', 'cursor'],
      'GET /v1/messages': ['limit', 'cursor', 'webhookId', 'event', 'status', 'since', 'until'],
      'GET /v1/webhooks/:id/stats': ['since', 'until'],
      'GET /v1/portal-links': ['limit', 'cursor', 'company'],
    };
    const adminRoutes = /companies|event-types$|event-types\/:name/;

    const routes = registeredRoutes(platform.apps.get('subscriptions')!).filter((route) =>
      route.includes(' /v1/'),
    );
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const fuzz = new Fuzz(prng(SEED));
    const jobs: Array<() => Promise<void>> = [];
    const failures: string[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();

    for (const route of routes) {
      const [method, pattern] = methodAndPattern(route);
      const token = adminRoutes.test(pattern) && !route.startsWith('GET') ? TEST_ADMIN_TOKEN : key;
      for (let index = 0; index < REQUESTS_PER_ROUTE; index += 1) {
        const path =
          pattern.replace(/:(\w+)/g, (_match, name: string) =>
            fuzz.pathValue(
              name === 'id' && pattern.includes('api-keys') ? victimKey.body.id : realId(name),
            ),
          ) + fuzz.query(queryNames[route] ?? []);
        const { body, contentType, encoding } = fuzz.rawBody(validBodies[route] ?? {});
        const headers: Record<string, string> = {
          authorization: `Bearer ${fuzz.chance(0.03) ? fuzz.pick(['', 'hsk_x', TEST_ADMIN_TOKEN]) : token}`,
        };
        if (contentType) headers['content-type'] = contentType;
        if (encoding) headers['content-encoding'] = encoding;
        if (fuzz.chance(0.2)) {
          headers['idempotency-key'] = fuzz.pick([
            'k1',
            'x'.repeat(256),
            'é',
            ' ',
            'fuzz-key',
            String(fuzz.int(5)),
          ]);
        }
        if (fuzz.chance(0.01)) {
          headers['content-type'] = 'application/json';
          delete headers['content-encoding'];
          // Over the 1 MiB API limit (and the 256 KiB events limit).
          const huge = Buffer.from(
            JSON.stringify({ ...validBodies[route], data: 'x'.repeat(1_100_000) }),
          );
          jobs.push(() => check(route, method, path, headers, huge));
          continue;
        }
        jobs.push(() => check(route, method, path, headers, body));
      }
    }

    async function check(
      route: string,
      method: string,
      path: string,
      headers: Record<string, string>,
      body?: Buffer,
    ): Promise<void> {
      sent += 1;
      let answer: Answer;
      try {
        answer = await send(method, path, headers, body);
      } catch (error) {
        failures.push(`${route} ${method} ${path.slice(0, 120)}: no answer (${String(error)})`);
        return;
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const describe = `${route} → ${method} ${path.slice(0, 120)} [${headers['content-type'] ?? '-'}] ${body?.subarray(0, 80).toString('utf8') ?? ''}`;
      if (answer.status >= 500 || answer.status < 200) {
        failures.push(`${describe}: ${answer.status} ${answer.body.slice(0, 200)}`);
        return;
      }
      if (answer.status >= 400) {
        let error: { status?: unknown; code?: unknown; message?: unknown } = {};
        try {
          error = JSON.parse(answer.body) as typeof error;
        } catch {
          // reported below
        }
        if (
          error.status !== answer.status ||
          typeof error.code !== 'string' ||
          typeof error.message !== 'string'
        ) {
          failures.push(
            `${describe}: ${answer.status} without the error body: ${answer.body.slice(0, 200)}`,
          );
        }
      }
    }

    // Systematically: every field of every valid body, each nasty string in turn.
    for (const route of routes) {
      const valid = validBodies[route];
      if (!valid) continue;
      const [method, pattern] = methodAndPattern(route);
      const token = adminRoutes.test(pattern) ? TEST_ADMIN_TOKEN : key;
      const path = pattern.replace(/:(\w+)/g, (_match, name: string) => realId(name));
      for (const field of Object.keys(valid)) {
        for (const nasty of NASTY_STRINGS) {
          const body = Buffer.from(JSON.stringify({ ...valid, [field]: nasty }), 'utf8');
          const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
          jobs.push(() => check(route, method, path, headers, body));
        }
      }
    }

    // A few at a time, in the generated order (so a seed replays the same run).
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let job = jobs[next]; job; job = jobs[next]) {
          next += 1;
          await job();
        }
      }),
    );

    expect({ seed: SEED, failures: failures.slice(0, 20), failed: failures.length }).toEqual({
      seed: SEED,
      failures: [],
      failed: 0,
    });
    expect(sent).toBeGreaterThanOrEqual(routes.length * REQUESTS_PER_ROUTE);
    // Still healthy, and still serving.
    expect((await fetch(`${platform.apiUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${platform.apiUrl}/health/ready`)).status).toBe(200);
    expect((await client.get(`/v1/webhooks/${webhook.body.id}`)).status).toBeLessThan(500);
    process.stdout.write(
      `fuzz: ${sent} requests on ${routes.length} routes in ${Date.now() - started} ms (seed ${SEED}); ` +
        `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}\n`,
    );
  });
});

/** `GET /v1/x/:id` → ['GET', '/v1/x/:id']. */
function methodAndPattern(route: string): [string, string] {
  const [method, pattern] = route.split(' ');
  if (!method || !pattern) throw new Error(`route "${route}" is not "<METHOD> <path>"`);
  return [method, pattern];
}
