export {
  MAX_URL_LENGTH,
  systemResolver,
  UrlNotAllowedError,
  UrlPolicy,
  type AddressVerdict,
  type HostVerdict,
  type Resolver,
  type UrlPolicyOptions,
  type UrlRefusalCode,
  type UrlVerdict,
} from './url-policy';
export { AddressNotAllowedError, createGuardedLookup } from './guarded-lookup';
export { parseCidrList } from './cidr';
