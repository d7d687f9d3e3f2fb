import { bearerSecretKind } from '../common/bearer-secret';

/** API keys are `hsk_` + base64url of 32 random bytes. */
const apiKeys = bearerSecretKind('hsk_');
export const API_KEY_PREFIX = apiKeys.prefix;
/** How much of a key is kept in clear, to recognise it in a list. */
const DISPLAY_PREFIX_LENGTH = 12;

export const generateApiKey = apiKeys.generate;
export const looksLikeApiKey = apiKeys.looksLike;
/** SHA-256 hex: what the database stores and looks keys up by. */
export const hashApiKey = apiKeys.hash;

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}
