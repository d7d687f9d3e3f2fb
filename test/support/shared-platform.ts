import { type AppName, type PlatformUrls } from './platform';

/** Set by the shared-platform global setup: the apps' base URLs as JSON. */
export const SHARED_PLATFORM_VARIABLE = 'HOOKSTREAM_E2E_PLATFORM';

/** The platform started once for every file of the shared e2e run, if this is that run. */
export function sharedPlatform(): PlatformUrls | undefined {
  const text = process.env[SHARED_PLATFORM_VARIABLE];
  if (!text) return undefined;
  const urls = JSON.parse(text) as Record<AppName, string>;
  return { apiUrl: urls.subscriptions, url: (name) => urls[name] };
}
