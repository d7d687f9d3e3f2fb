import { ApiClient } from './api-client';
import { type AppName, Platform, type PlatformUrls, TEST_ADMIN_TOKEN } from './platform';
import { Receiver } from './receiver';
import { sharedPlatform } from './shared-platform';

export interface Harness<P extends PlatformUrls = PlatformUrls> {
  platform: P;
  /** The management API as the admin token. */
  admin: ApiClient;
  receiver: Receiver;
}

interface HarnessOptions {
  /** Apps to leave out (a test runs them as ChildApps instead). */
  without?: AppName[];
}

/**
 * The usual setup of an e2e file: the apps (against the real Kafka and PostgreSQL) and a local
 * receiver for the file's tests. Without special configuration, in the shared run
 * (jest.e2e-shared.config.js), the file uses the platform started once for all; otherwise it
 * starts its own apps in-process, stopped after its tests. Fields are set once `beforeAll`
 * has run.
 */
export function useHarness(overrides: Record<string, string> = {}, options: HarnessOptions = {}) {
  const special = Object.keys(overrides).length > 0 || (options.without?.length ?? 0) > 0;
  return harnessOf<PlatformUrls>(
    async () => (special ? undefined : sharedPlatform()) ?? Platform.start(overrides, options),
  );
}

/** Like useHarness, always with apps of the file's own, in-process: for tests that look inside them. */
export function useOwnHarness(
  overrides: Record<string, string> = {},
  options: HarnessOptions = {},
) {
  return harnessOf(() => Platform.start(overrides, options));
}

function harnessOf<P extends PlatformUrls>(platform: () => Promise<P>): Harness<P> {
  const harness = {} as Harness<P>;
  beforeAll(async () => {
    harness.platform = await platform();
    harness.admin = new ApiClient(harness.platform.apiUrl, TEST_ADMIN_TOKEN);
    harness.receiver = await Receiver.start();
  });
  afterAll(async () => {
    await harness.receiver?.close();
    if (harness.platform instanceof Platform) await harness.platform.close();
  });
  return harness;
}
