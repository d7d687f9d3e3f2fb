/** What stands in for a removed credential. */
export const REDACTED = '[Redacted]';

/**
 * The credentials Hookstream issues, recognisable by their prefixes (README, Security): webhook
 * secrets, API keys, portal link and session tokens. Scrubbed from every log line, wherever they
 * got in (an error message, a field, a URL).
 */
const ISSUED_CREDENTIALS = /\b(whsec|hsk|hspl|hsps)_[A-Za-z0-9+/_-]+={0,2}/g;

/**
 * The same, and the development admin token: that one is announced on purpose when an app
 * generates it, but never belongs in a request's URL.
 */
const ANY_CREDENTIAL = /\b(whsec|hsk|hspl|hsps|hsadm)_[A-Za-z0-9+/_-]+={0,2}/g;

/** Query parameters whose value is a credential whatever it looks like. */
const CREDENTIAL_PARAMETER =
  /([?&][^=&#]*(?:token|secret|key|password|signature|auth)[^=&#]*=)[^&#]*/gi;

/**
 * Fields removed from every line by path (pino's `redact`): request headers that carry
 * credentials, and the fields code might name after one. A database error's `parameters` can
 * hold payloads and key hashes.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'authorization',
  'secret',
  'secrets',
  'token',
  'apiKey',
  '*.authorization',
  '*.secret',
  '*.secrets',
  '*.token',
  '*.apiKey',
  'err.parameters',
];

/** Replaces issued credentials in a serialised line (pino's streamWrite hook). */
export function scrubCredentials(text: string): string {
  return text.replace(ISSUED_CREDENTIALS, `$1_${REDACTED}`);
}

/** A request URL for the access log: credentials and credential-named query values removed. */
export function scrubUrl(url: string): string {
  return url
    .replace(ANY_CREDENTIAL, `$1_${REDACTED}`)
    .replace(CREDENTIAL_PARAMETER, `$1${REDACTED}`);
}
