import { type WebhookState } from '@app/contract';

/** The webhooks of every company, by id and by company, as the changelog last described them. */
export class WebhookIndex {
  private readonly byId = new Map<string, WebhookState>();
  private readonly byCompany = new Map<string, Map<string, WebhookState>>();

  get size(): number {
    return this.byId.size;
  }

  get(webhookId: string): WebhookState | undefined {
    return this.byId.get(webhookId);
  }

  ofCompany(company: string): Iterable<WebhookState> {
    return this.byCompany.get(company)?.values() ?? [];
  }

  /**
   * Applies one changelog record. A state older than the one held is ignored, so a
   * re-read of the topic can never roll a webhook back.
   */
  apply(webhookId: string, state: WebhookState | null): void {
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
