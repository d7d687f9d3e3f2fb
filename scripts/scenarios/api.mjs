// @ts-check
// The management API as the runners use it: tenants, API keys and webhooks.
import { parseJson } from './json.mjs';

export class ApiError extends Error {}

export class ManagementApi {
  /** @param {string} baseUrl @param {string} adminToken */
  constructor(baseUrl, adminToken) {
    this.baseUrl = baseUrl;
    this.adminToken = adminToken;
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} body
   * @param {string} token
   * @returns {Promise<unknown>}
   */
  async call(method, path, body, token) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(`${method} ${path}: ${response.status} ${text}`);
    return text ? parseJson(text) : undefined;
  }

  /**
   * A company and an API key for it.
   * @param {string} id
   * @returns {Promise<string>} the key
   */
  async createTenant(id) {
    await this.call('POST', '/v1/companies', { id, name: id }, this.adminToken);
    const { key } = /** @type {{ key: string }} */ (
      await this.call(
        'POST',
        `/v1/companies/${id}/api-keys`,
        { name: 'scenarios' },
        this.adminToken,
      )
    );
    return key;
  }

  /**
   * @param {string} key
   * @param {string} url
   * @param {string[]} [events]
   * @returns {Promise<{ id: string, secret: string }>}
   */
  async createWebhook(key, url, events = ['*']) {
    return /** @type {{ id: string, secret: string }} */ (
      await this.call('POST', '/v1/webhooks', { url, events }, key)
    );
  }

  /**
   * Creates webhooks `concurrency` at a time; resolves with them in order.
   * @param {string} key
   * @param {string[]} urls
   * @param {number} [concurrency]
   */
  async createWebhooks(key, urls, concurrency = 20) {
    /** @type {Array<{ id: string, secret: string }>} */
    const created = new Array(urls.length);
    // One iterator shared by the workers: each takes the next url.
    const queue = urls.entries();
    const worker = async () => {
      for (const [index, url] of queue) created[index] = await this.createWebhook(key, url);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return created;
  }

  /** @param {string} key @param {string} id @param {boolean} enabled */
  setEnabled(key, id, enabled) {
    return this.call('PATCH', `/v1/webhooks/${id}`, { enabled }, key);
  }
}
