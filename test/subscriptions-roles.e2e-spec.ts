import { Client } from 'pg';
import { newTenant } from './support/api-client';
import { type ErrorJson, type MessageJson, type Page } from './support/api-types';
import { ChildApp } from './support/child-app';
import { eventually } from './support/eventually';
import { useHarness } from './support/harness';

interface Readiness {
  status: string;
  checks: Record<string, boolean>;
}

async function readiness(baseUrl: string): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${baseUrl}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

/**
 * SUBSCRIPTIONS_ROLES: the API in this process, the log projector and the periodic jobs each in
 * a process of its own (as their own Deployments would run them), on one database and broker.
 */
describe('subscriptions roles started apart', () => {
  const harness = useHarness({ SUBSCRIPTIONS_ROLES: 'api' });
  let projector: ChildApp;
  let maintenance: ChildApp;
  let db: Client;

  beforeAll(async () => {
    [projector, maintenance] = await Promise.all([
      ChildApp.start('subscriptions', { SUBSCRIPTIONS_ROLES: 'projector' }),
      ChildApp.start('subscriptions', { SUBSCRIPTIONS_ROLES: 'maintenance' }),
    ]);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await Promise.all([projector?.stop('SIGTERM'), maintenance?.stop('SIGTERM')]);
  });

  it('reports ready on the checks of its own roles only', async () => {
    const api = await readiness(harness.platform.apiUrl);
    expect(api).toEqual({
      status: 200,
      body: { status: 'ready', checks: { database: true, 'kafka-producer': true } },
    });
    const projecting = await readiness(projector.url);
    expect(projecting.status).toBe(200);
    expect(Object.keys(projecting.body.checks).sort()).toEqual([
      'database',
      'kafka-consumers',
      'kafka-producer',
    ]);
    const periodic = await readiness(maintenance.url);
    expect(periodic.status).toBe(200);
    expect(Object.keys(periodic.body.checks).sort()).toEqual([
      'database',
      'kafka-producer',
      'webhook-republish-sweep',
    ]);
  });

  it('serves the API only where the api role runs; /health and /metrics everywhere', async () => {
    for (const child of [projector, maintenance]) {
      const response = await fetch(`${child.url}/v1/webhooks`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorJson).code).toBe('not_found');
      expect((await fetch(`${child.url}/docs-json`)).status).toBe(404);
      expect((await fetch(`${child.url}/metrics`)).status).toBe(200);
    }
    expect((await fetch(`${harness.platform.apiUrl}/docs-json`)).status).toBe(200);
  });

  it('logs deliveries through the projector process', async () => {
    const { client } = await newTenant(harness.admin, 'roles');
    const created = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/roles`,
    });
    expect(created.status).toBe(201);
    expect(
      (await client.post('/v1/events', { id: 'evt_roles', event: 'user.create', data: {} })).status,
    ).toBe(202);
    await harness.receiver.waitFor(1, 20_000, (request) => request.path === '/roles');

    const delivered = await eventually(async () => {
      const page = await client.get<Page<MessageJson>>(`/v1/messages?webhookId=${created.body.id}`);
      const [message] = page.body.data;
      // Attempts and jobs are projected from two topics: wait for both to be in.
      return message?.status === 'delivered' && message.eventId !== null ? message : undefined;
    });
    expect(delivered.eventId).toBe('evt_roles');
  });

  it('republishes a committed but unpublished change from the maintenance process', async () => {
    const { client } = await newTenant(harness.admin, 'sweep');
    const created = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/sweep`,
    });
    expect(created.status).toBe(201);
    // What a crash between commit and publish leaves behind.
    await db.query(
      `UPDATE webhooks SET description = 'changed', version = version + 1 WHERE id = $1`,
      [created.body.id],
    );
    const published = await eventually(async () => {
      const { rows } = await db.query<{ version: number; published_version: number }>(
        'SELECT version, published_version FROM webhooks WHERE id = $1',
        [created.body.id],
      );
      return rows[0]!.published_version === rows[0]!.version ? rows[0] : undefined;
    });
    expect(published.version).toBe(2);
  });
});
