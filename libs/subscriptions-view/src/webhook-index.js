'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.WebhookIndex = void 0;
class WebhookIndex {
  byId = new Map();
  byCompany = new Map();
  get size() {
    return this.byId.size;
  }
  get(webhookId) {
    return this.byId.get(webhookId);
  }
  ofCompany(company) {
    return this.byCompany.get(company)?.values() ?? [];
  }
  apply(webhookId, state) {
    const previous = this.byId.get(webhookId);
    if (state && previous && previous.version > state.version) return;
    if (previous) this.byCompany.get(previous.company)?.delete(webhookId);
    if (!state) {
      this.byId.delete(webhookId);
      return;
    }
    this.byId.set(webhookId, state);
    let companyWebhooks = this.byCompany.get(state.company);
    if (!companyWebhooks) {
      companyWebhooks = new Map();
      this.byCompany.set(state.company, companyWebhooks);
    }
    companyWebhooks.set(webhookId, state);
  }
}
exports.WebhookIndex = WebhookIndex;
//# sourceMappingURL=webhook-index.js.map
