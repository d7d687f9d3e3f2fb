// For npm start's quick start: a demo company (made once) and a fresh 24-hour link to its
// portal, made with the admin token through the public API like any platform would.
const DEMO_COMPANY = { id: 'demo', name: 'Demo company' };

/**
 * @param {string} apiUrl
 * @param {string} adminToken
 * @returns {Promise<{ company: string, url: string, expiresAt: string }>}
 */
export async function demoPortalLink(apiUrl, adminToken) {
  /** @param {string} path @param {unknown} body */
  const call = (path, body) =>
    fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const company = await call('/v1/companies', DEMO_COMPANY);
  if (company.status !== 201 && company.status !== 409) {
    throw new Error(`could not create the demo company: HTTP ${company.status}`);
  }
  const link = await call('/v1/portal-links', {
    company: DEMO_COMPANY.id,
    expiresInSeconds: 86_400,
  });
  if (link.status !== 201) throw new Error(`could not make a portal link: HTTP ${link.status}`);
  const { url, expiresAt } = /** @type {{ url: string, expiresAt: string }} */ (await link.json());
  return { company: DEMO_COMPANY.id, url, expiresAt };
}
