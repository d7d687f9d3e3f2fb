import { type INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createDeliveryApp } from '../../apps/delivery/src/delivery.app';
import { deliveryEnvSchema } from '../../apps/delivery/src/delivery.config';
import { createFanoutApp } from '../../apps/fanout/src/fanout.app';
import { fanoutEnvSchema } from '../../apps/fanout/src/fanout.config';
import { createSubscriptionsApp } from '../../apps/subscriptions/src/subscriptions.app';
import { subscriptionsEnvSchema } from '../../apps/subscriptions/src/subscriptions.config';
import { TEST_ENV } from './test-env';

export { TEST_ADMIN_TOKEN, TEST_ENV } from './test-env';

export type AppName = 'subscriptions' | 'fanout' | 'delivery';

/** Where a platform's apps answer: all a test of the public surface needs. */
export interface PlatformUrls {
  readonly apiUrl: string;
  url(name: AppName): string;
}

/** The three apps running in this test process against the real Kafka and PostgreSQL. */
export class Platform implements PlatformUrls {
  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly apps: Map<AppName, INestApplication>,
  ) {}

  /** Starts the apps in this process; leave one out to run it as a ChildApp instead. */
  static async start(
    overrides: Record<string, string> = {},
    { without = [] }: { without?: AppName[] } = {},
  ): Promise<Platform> {
    // The apps log through the process's one logger (@app/logging); errors only, unless asked.
    const quiet = { LOG_LEVEL: process.env.E2E_LOGS === '1' ? 'info' : 'error' };
    const env = { ...quiet, ...process.env, ...TEST_ENV, ...overrides };
    const platform = new Platform(env, new Map());
    // The API first: it runs the migrations and creates the topics the others read.
    await platform.startApp('subscriptions');
    const others = (['fanout', 'delivery'] as const).filter((name) => !without.includes(name));
    await Promise.all(others.map((name) => platform.startApp(name)));
    return platform;
  }

  async startApp(name: AppName): Promise<INestApplication> {
    const app = await createApp(name, this.env);
    await app.init();
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    this.apps.set(name, app);
    return app;
  }

  async stopApp(name: AppName): Promise<void> {
    await this.apps.get(name)?.close();
    this.apps.delete(name);
  }

  url(name: AppName): string {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} is not running`);
    const server = app.getHttpServer() as Server;
    const { port } = server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get apiUrl(): string {
    return this.url('subscriptions');
  }

  async close(): Promise<void> {
    for (const name of ['fanout', 'delivery', 'subscriptions'] as const) await this.stopApp(name);
  }
}

async function createApp(name: AppName, env: NodeJS.ProcessEnv): Promise<INestApplication> {
  switch (name) {
    case 'subscriptions':
      return createSubscriptionsApp(loadConfig(subscriptionsEnvSchema, env));
    case 'fanout':
      return createFanoutApp(loadConfig(fanoutEnvSchema, env));
    case 'delivery':
      return createDeliveryApp(loadConfig(deliveryEnvSchema, env));
  }
}
