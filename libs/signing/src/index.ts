export {
  generateSecret,
  isValidSecret,
  parseSecret,
  WEBHOOK_SECRET_PREFIX,
} from './webhook-secret';
export { signWebhook, type SignWebhookInput } from './sign-webhook';
export { SecretCipher } from './secret-cipher';
