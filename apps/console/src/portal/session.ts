import { ApiClient } from '../api/client';
import { type OpenedPortalSession, type PortalSession } from '../api/types';

/**
 * The portal session lives in sessionStorage (this tab only, gone when it closes; partitioned
 * per embedding site in an iframe). The link's token never does: it is read from the URL
 * fragment once, removed from the address bar and history, and exchanged for the session.
 */
const STORAGE_KEY = 'hookstream.portal-session';
const LINK_FRAGMENT = /^#token=(hspl_[A-Za-z0-9_-]{43})$/;

export interface StoredSession extends PortalSession {
  token: string;
}

/**
 * The link token in the address of a portal page, removed from it (replaceState keeps it out of
 * history too). Read when the page loads (linkTokenAtLoad), and when a new link is opened in
 * the same tab (only the fragment changes then: no reload).
 */
export function takeLinkToken(): string | undefined {
  if (!window.location.pathname.startsWith('/console/portal')) return undefined;
  const token = LINK_FRAGMENT.exec(window.location.hash)?.[1];
  if (window.location.hash) {
    window.history.replaceState(
      window.history.state,
      '',
      window.location.pathname + window.location.search,
    );
  }
  return token;
}

/** The link token this page was opened with, if any. */
export const linkTokenAtLoad = takeLinkToken();

export async function openSession(linkToken: string): Promise<StoredSession> {
  const opened = await new ApiClient(linkToken).post<OpenedPortalSession>('/v1/portal-sessions');
  const session: StoredSession = {
    id: opened.id,
    token: opened.token,
    company: opened.company,
    readOnly: opened.readOnly,
    expiresAt: opened.expiresAt,
  };
  window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}

export function storedSession(now = Date.now()): StoredSession | undefined {
  try {
    const session = JSON.parse(
      window.sessionStorage.getItem(STORAGE_KEY) ?? 'null',
    ) as StoredSession | null;
    if (!session || typeof session.token !== 'string') return undefined;
    if (Date.parse(session.expiresAt) <= now) {
      forgetSession();
      return undefined;
    }
    return session;
  } catch {
    return undefined;
  }
}

export function forgetSession(): void {
  window.sessionStorage.removeItem(STORAGE_KEY);
}
