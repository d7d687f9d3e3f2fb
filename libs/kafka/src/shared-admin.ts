import { type Admin } from 'kafkajs';

/**
 * One connected kafkajs admin client, shared by concurrent callers (one connection, not one
 * each), and replaced after a failed question: kafkajs's admin keeps asking a partition's old
 * leader (or a group's old coordinator) until its metadata is five minutes old, and a new
 * client reads the cluster's metadata afresh.
 */
export class SharedAdmin {
  private client: Promise<Admin> | undefined;

  constructor(private readonly create: () => Admin) {}

  get(): Promise<Admin> {
    this.client ??= (async () => {
      const admin = this.create();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  /** Forgets `admin` after a failed question; the next `get` connects a new client. */
  discard(admin: Admin): void {
    const current = this.client;
    void current?.then(
      (connected) => {
        if (connected !== admin || this.client !== current) return;
        this.client = undefined;
        void admin.disconnect().catch(() => undefined);
      },
      () => undefined,
    );
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await (await client?.catch(() => undefined))?.disconnect();
  }
}
