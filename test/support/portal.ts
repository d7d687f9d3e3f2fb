import { type ApiClient } from './api-client';

/** A portal link made with `maker` (a company's API key), as its JSON answer. */
export interface PortalLinkJson {
  id: string;
  url: string;
  company: string;
  readOnly: boolean;
  expiresAt: string;
}

/** The token a portal link carries in its fragment (`…/console/portal#token=hspl_…`). */
export function linkToken(url: string): string {
  const token = new URL(url).hash.match(/^#token=(hspl_[A-Za-z0-9_-]{43})$/)?.[1];
  if (!token) throw new Error(`not a portal link: ${url}`);
  return token;
}

/** Makes a link with `maker` and exchanges it, as the page does; a client of the session. */
export async function openPortalSession(
  maker: ApiClient,
  body: Record<string, unknown> = {},
): Promise<ApiClient> {
  const link = await maker.post<PortalLinkJson>('/v1/portal-links', body);
  if (link.status !== 201) throw new Error(`link not created: ${JSON.stringify(link)}`);
  const session = await maker
    .withToken(linkToken(link.body.url))
    .post<{ token: string }>('/v1/portal-sessions');
  if (session.status !== 201) throw new Error(`session not opened: ${JSON.stringify(session)}`);
  return maker.withToken(session.body.token);
}
