import { type Webhook } from '../api/types';
import { Badge } from '../ui/components';

const DISABLED_BECAUSE: Record<NonNullable<Webhook['disabledReason']>, string> = {
  manual: 'disabled',
  exhausted: 'disabled: failing',
  gone: 'disabled: 410 Gone',
};

export function WebhookState({ webhook }: { webhook: Webhook }) {
  if (webhook.enabled) return <Badge tone="good">enabled</Badge>;
  return <Badge tone="bad">{DISABLED_BECAUSE[webhook.disabledReason ?? 'manual']}</Badge>;
}
