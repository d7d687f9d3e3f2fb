import { type DisabledReason } from './webhook.entity';

/** The fields of a webhook a PATCH may change. */
export interface MutableWebhookFields {
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: DisabledReason | null;
}

export interface WebhookPatch {
  url?: string;
  description?: string;
  events?: string[];
  enabled?: boolean;
}

export interface PatchResult {
  next: MutableWebhookFields;
  changed: boolean;
  /** True when `enabled` flipped (attempt results from before then can no longer disable it). */
  enabledChanged: boolean;
}

/**
 * Applies a PATCH. `enabled: true` clears the disabled reason; `enabled: false` on an enabled
 * webhook disables it as 'manual' (an already disabled webhook keeps the reason it has).
 */
export function applyWebhookPatch(current: MutableWebhookFields, patch: WebhookPatch): PatchResult {
  const next: MutableWebhookFields = { ...current, events: [...current.events] };
  if (patch.url !== undefined) next.url = patch.url;
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.events !== undefined) next.events = [...patch.events];
  if (patch.enabled === true) {
    next.enabled = true;
    next.disabledReason = null;
  } else if (patch.enabled === false && current.enabled) {
    next.enabled = false;
    next.disabledReason = 'manual';
  }
  const changed =
    next.url !== current.url ||
    next.description !== current.description ||
    next.enabled !== current.enabled ||
    next.disabledReason !== current.disabledReason ||
    next.events.length !== current.events.length ||
    next.events.some((filter, index) => filter !== current.events[index]);
  return { next, changed, enabledChanged: next.enabled !== current.enabled };
}
