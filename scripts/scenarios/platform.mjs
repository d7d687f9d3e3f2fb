// @ts-check
// The platform under test: the three apps as processes (any number of fanout and delivery
// replicas) against a broker and a database the runner provisioned, plus its management API.
import path from 'node:path';
import { ManagementApi } from './api.mjs';
import { AppProcess } from './processes.mjs';

export const ADMIN_TOKEN = 'scenarios-admin-token-0123456789abcdef';

/**
 * The apps' environment: what `npm start` would set locally (HTTP receivers on loopback
 * allowed). Kafka membership and reconnection keep the apps' defaults: those are what is
 * measured. The runner's own LOG_LEVEL, if set, is the apps' too (`LOG_LEVEL=debug npm run
 * chaos` keeps what kafkajs reports while a cluster settles).
 * @param {{ brokers: string, databaseUrl: string, overrides?: Record<string, string> }} options
 * @returns {NodeJS.ProcessEnv}
 */
export function platformEnv({ brokers, databaseUrl, overrides = {} }) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'benchmark',
    KAFKA_BROKERS: brokers,
    DATABASE_URL: databaseUrl,
    ADMIN_TOKEN,
    SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    ALLOW_HTTP_URLS: 'true',
    ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8',
    ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
    ...overrides,
  };
}

export class Platform {
  /** @type {AppProcess[]} */
  apps = [];
  /** @type {Map<string, number>} replicas numbered so far, per app */
  #replicas = new Map();

  /**
   * @param {{ env: NodeJS.ProcessEnv, runDir: string, ports: import('./ports.mjs').PortAllocator,
   *   profileDir?: string }} options
   */
  constructor({ env, runDir, ports, profileDir }) {
    this.env = env;
    this.logDir = path.join(runDir, 'logs');
    this.ports = ports;
    this.profileDir = profileDir;
    /** @type {ManagementApi | undefined} */
    this.managementApi = undefined;
  }

  /**
   * Starts subscriptions (it migrates the database and creates the topics), then the others.
   * @param {{ env: NodeJS.ProcessEnv, runDir: string, ports: import('./ports.mjs').PortAllocator,
   *   profileDir?: string, fanout?: number, delivery?: number }} options
   */
  static async start({ fanout = 1, delivery = 1, ...options }) {
    const platform = new Platform(options);
    try {
      await platform.addReplica('subscriptions');
      await Promise.all([
        ...Array.from({ length: fanout }, () => platform.addReplica('fanout')),
        ...Array.from({ length: delivery }, () => platform.addReplica('delivery')),
      ]);
    } catch (error) {
      await platform.stop();
      throw error;
    }
    return platform;
  }

  get api() {
    const subscriptions = this.running('subscriptions')[0];
    if (!subscriptions) throw new Error('subscriptions is not running');
    this.managementApi ??= new ManagementApi(subscriptions.url, ADMIN_TOKEN);
    return this.managementApi;
  }

  /**
   * A company, its API key, and one webhook per hook pointing at the receiver in the hook's
   * group with the hook's behaviour.
   * @param {Pick<import('./receiver.mjs').Receiver, 'url'>} receiver
   * @param {string} company
   * @param {Array<{ group: string, behaviour: Parameters<import('./receiver.mjs').Receiver['url']>[1] }>} hooks
   */
  async tenantWithWebhooks(receiver, company, hooks) {
    const key = await this.api.createTenant(company);
    const webhooks = await this.api.createWebhooks(
      key,
      hooks.map(({ group, behaviour }, index) => receiver.url(group, behaviour, index)),
    );
    return { key, company, webhooks };
  }

  /** @param {import('./processes.mjs').AppName} name */
  running(name) {
    return this.apps.filter((app) => app.name === name && app.running);
  }

  /**
   * Starts one more process of an app; resolves once it is ready.
   * @param {import('./processes.mjs').AppName} name
   */
  async addReplica(name) {
    const replica = this.nextReplica(name);
    const app = new AppProcess(name, replica, {
      port: await this.ports.take(),
      env: this.env,
      logDir: this.logDir,
      profileDir: this.profileDir,
    });
    this.apps.push(app);
    await app.start();
    return app;
  }

  /**
   * The next replica number of an app, taken at once: replicas added concurrently each get
   * their own, hence their own label and KAFKA_GROUP_INSTANCE_ID (two processes with one id
   * would fence each other out of the group).
   * @param {import('./processes.mjs').AppName} name
   */
  nextReplica(name) {
    const replica = (this.#replicas.get(name) ?? 0) + 1;
    this.#replicas.set(name, replica);
    return replica;
  }

  /** The processes to sample: CPU adds up per app, peak RSS is per process. */
  sources() {
    return this.apps.flatMap((app) => (app.pid ? [{ group: app.name, pid: app.pid }] : []));
  }

  /** SIGTERM to every app (they drain and, under --profile, write their CPU profiles). */
  async stop() {
    await Promise.all(this.apps.map((app) => app.kill('SIGTERM')));
  }
}
