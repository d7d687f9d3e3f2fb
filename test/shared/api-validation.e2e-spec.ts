import { type ApiClient, newTenant } from '../support/api-client';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { type ErrorJson, type Page } from '../support/api-types';

describe('request validation, body limits and pagination', () => {
  const harness = useHarness();
  let tenant: { company: string; client: ApiClient };
  let token: string;

  beforeAll(async () => {
    tenant = await newTenant(harness.admin, 'valid');
    token = (tenant.client as unknown as { token: string }).token;
  });

  const raw = async (
    path: string,
    body: string | Buffer | ReadableStream<Uint8Array>,
    contentType = 'application/json',
  ) => {
    const response = await fetch(`${harness.platform.apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    });
    return { status: response.status, body: (await response.json()) as ErrorJson };
  };

  it('answers malformed JSON, other content types and bad charsets in the one error body', async () => {
    expect(await raw('/v1/webhooks', '{"url": ')).toEqual({
      status: 400,
      body: { status: 400, code: 'malformed_json', message: 'Request body is not valid JSON' },
    });
    expect((await raw('/v1/webhooks', '"a string"')).body.code).toBe('malformed_json');
    expect(
      (await raw('/v1/webhooks', 'url=x', 'application/x-www-form-urlencoded')).body,
    ).toMatchObject({
      status: 400,
      code: 'validation_failed',
    });
    expect((await raw('/v1/webhooks', '{}', 'application/json; charset=latin1')).status).toBe(415);
    const deep = await raw(
      '/v1/events',
      `{"id":"e","event":"a.b","data":${'{"a":'.repeat(100)}1${'}'.repeat(100)}}`,
    );
    expect(deep.body).toMatchObject({ status: 400, code: 'body_too_deep' });
  });

  it('rejects unknown fields, wrong types and unknown query parameters', async () => {
    const unknown = await tenant.client.post<ErrorJson>('/v1/webhooks', {
      url: `${harness.receiver.url}/x`,
      secretz: 'typo',
    });
    expect(unknown.body).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'Unrecognized key: "secretz"',
      details: [{ path: '', message: 'Unrecognized key: "secretz"' }],
    });
    const wrongType = await tenant.client.post<ErrorJson>('/v1/webhooks', {
      url: `${harness.receiver.url}/x`,
      enabled: 'yes',
      events: 'user.create',
    });
    expect(wrongType.body.details?.map((detail) => detail.path).sort()).toEqual([
      'enabled',
      'events',
    ]);
    for (const path of [
      '/v1/webhooks?sort=desc',
      '/v1/event-types?x=1',
      '/v1/messages?company=other',
    ]) {
      const answer = await tenant.client.get<ErrorJson>(path);
      expect([path, answer.status, answer.body.code]).toEqual([path, 400, 'validation_failed']);
    }
    const nul = await tenant.client.post<ErrorJson>('/v1/webhooks', {
      url: `${harness.receiver.url}/x`,
      description: 'a\u0000b',
    });
    expect(nul.body).toMatchObject({ status: 400, details: [{ path: 'description' }] });
    const badId = await tenant.client.get<ErrorJson>(`/v1/webhooks/${'x'.repeat(200)}`);
    expect(badId.body).toMatchObject({ status: 400, details: [{ path: 'id' }] });
    expect((await tenant.client.get('/v1/webhooks/wh_nope')).status).toBe(404);
  });

  it('takes bodies up to 1 MiB on the API and 256 KiB on POST /v1/events', async () => {
    // Under 1 MiB: parsed, then refused by the schema (a description is at most 1000 characters).
    const big = await raw(
      '/v1/webhooks',
      JSON.stringify({ url: `${harness.receiver.url}/x`, description: 'x'.repeat(900_000) }),
    );
    expect(big.body).toMatchObject({ status: 400, code: 'validation_failed' });
    const tooBig = await raw(
      '/v1/webhooks',
      JSON.stringify({ url: `${harness.receiver.url}/x`, description: 'x'.repeat(1_048_576) }),
    );
    expect(tooBig).toEqual({
      status: 413,
      body: {
        status: 413,
        code: 'payload_too_large',
        message: 'Request body exceeds the limit of 1048576 bytes',
      },
    });

    const event = (size: number) =>
      JSON.stringify({
        id: `evt_big_${size}`,
        event: 'user.create',
        data: { blob: 'x'.repeat(size) },
      });
    expect((await raw('/v1/events', event(200_000))).status).toBe(202);
    expect(await raw('/v1/events', event(300_000))).toEqual({
      status: 413,
      body: {
        status: 413,
        code: 'payload_too_large',
        message: 'Request body exceeds the limit of 262144 bytes',
      },
    });
    // Sent without a length (chunked): measured once read.
    const text = new TextEncoder().encode(event(300_000));
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < text.length; offset += 65_536)
          controller.enqueue(text.slice(offset, offset + 65_536));
        controller.close();
      },
    });
    expect((await raw('/v1/events', chunked)).status).toBe(413);
  });

  it('pages webhooks with stable cursors and refuses bad limits and cursors', async () => {
    const { client } = await newTenant(harness.admin, 'pages');
    const created: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      created.push(
        (
          await client.post<{ id: string }>('/v1/webhooks', {
            url: `${harness.receiver.url}/p${index}`,
          })
        ).body.id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page: Page<{ id: string }> = (
        await client.get<Page<{ id: string }>>(`/v1/webhooks?limit=3${query}`)
      ).body;
      seen.push(...page.data.map((webhook) => webhook.id));
      cursor = page.nextCursor;
      pages += 1;
      // A webhook created mid-listing appears once, at the end (ids sort by creation).
      if (pages === 1)
        created.push(
          (
            await client.post<{ id: string }>('/v1/webhooks', {
              url: `${harness.receiver.url}/late`,
            })
          ).body.id,
        );
    } while (cursor);
    expect(seen).toEqual(created);
    expect(pages).toBe(3);

    for (const query of [
      'limit=101',
      'limit=0',
      'limit=-1',
      'limit=abc',
      'limit=2.5',
      'cursor=nope',
      'cursor=',
      'cursor=bXNnXzE',
      'limit=1&limit=2',
    ]) {
      const answer = await client.get<ErrorJson>(`/v1/webhooks?${query}`);
      expect([query, answer.status, answer.body.code]).toEqual([query, 400, 'validation_failed']);
    }
    expect((await client.get<Page<unknown>>('/v1/webhooks?limit=100')).status).toBe(200);
    const [field] = (await client.get<ErrorJson>('/v1/messages?limit=101')).body.details ?? [];
    expect(field?.path).toBe('limit');
  });

  it('pages messages newest first with stable cursors', async () => {
    const { client } = await newTenant(harness.admin, 'msgpages');
    await client.post('/v1/webhooks', { url: `${harness.receiver.url}/m` });
    const send = (index: number) =>
      client.post('/v1/events', { id: `evt_page_${index}`, event: 'user.create', data: { index } });
    for (let index = 0; index < 5; index += 1) await send(index);
    await eventually(async () =>
      (await client.get<Page<unknown>>('/v1/messages?limit=100')).body.data.length === 5
        ? true
        : undefined,
    );

    const first = (
      await client.get<Page<{ id: string; createdAt: string }>>('/v1/messages?limit=2')
    ).body;
    expect(first.data).toHaveLength(2);
    // Newer messages arriving meanwhile do not shift the pages that follow.
    for (let index = 5; index < 8; index += 1) await send(index);
    await eventually(async () =>
      (await client.get<Page<unknown>>('/v1/messages?limit=100')).body.data.length === 8
        ? true
        : undefined,
    );
    const rest: Array<{ id: string }> = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page: Page<{ id: string }> = (
        await client.get<Page<{ id: string }>>(`/v1/messages?limit=2&cursor=${cursor}`)
      ).body;
      rest.push(...page.data);
      cursor = page.nextCursor;
    }
    const listed = [...first.data, ...rest].map((message) => message.id);
    expect(listed).toHaveLength(5);
    expect(new Set(listed).size).toBe(5);
    const times = first.data.map((message) => Date.parse(message.createdAt));
    expect(times[0]).toBeGreaterThanOrEqual(times[1]!);
    for (const query of [
      'limit=101',
      'cursor=abc',
      'status=lost',
      'webhookId=nope',
      'event=Nope',
    ]) {
      expect((await client.get(`/v1/messages?${query}`)).status).toBe(400);
    }
  });
});
