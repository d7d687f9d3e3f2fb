import { ApiClient } from './api-client';
import { type AppName, Platform, TEST_ADMIN_TOKEN } from './platform';
import { Receiver } from './receiver';

export interface Harness {
  platform: Platform;
  /** The management API as the admin token. */
  admin: ApiClient;
  receiver: Receiver;
}

/**
 * The usual setup of an e2e file: the apps (against the real Kafka and PostgreSQL) and a local
 * receiver, started before the file's tests and stopped after them. Fields are set once
 * `beforeAll` has run.
 */
export function useHarness(
  overrides: Record<string, string> = {},
  options: { without?: AppName[] } = {},
): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.platform = await Platform.start(overrides, options);
    harness.admin = new ApiClient(harness.platform.apiUrl, TEST_ADMIN_TOKEN);
    harness.receiver = await Receiver.start();
  });
  afterAll(async () => {
    await harness.receiver?.close();
    await harness.platform?.close();
  });
  return harness;
}
