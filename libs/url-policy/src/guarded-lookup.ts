import { type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { type UrlPolicy } from './url-policy';

/**
 * The connect-time refusal. `code` is EHOSTUNREACH so that callers treating it as any other
 * network error (retry later, record the message) do the right thing without knowing about it.
 */
export class AddressNotAllowedError extends Error {
  override readonly name = 'AddressNotAllowedError';
  readonly code = 'EHOSTUNREACH';

  constructor(
    message: string,
    readonly hostname: string,
  ) {
    super(message);
  }
}

type LookupCallback = Parameters<LookupFunction>[2];

/**
 * A `dns.lookup` replacement for `net.connect`/`tls.connect`, hence for undici's
 * `new Agent({ connect: { lookup } })`: it resolves with the policy's resolver, vets every
 * address and answers only when all pass, so the socket can only ever open to a vetted address
 * (no window between check and connect for DNS rebinding to use).
 *
 * net and tls skip lookup for IP literals: pair it with `policy.assertDeliverable(url)`.
 */
export function createGuardedLookup(policy: UrlPolicy): LookupFunction {
  return (
    hostname: string,
    options: LookupOptions | number | LookupCallback,
    callback?: LookupCallback,
  ) => {
    // dns.lookup's shorter call forms too, in case a caller other than net uses them.
    const done = typeof options === 'function' ? options : callback;
    if (!done) throw new TypeError('lookup needs a callback');
    const opts: LookupOptions =
      typeof options === 'number'
        ? { family: options }
        : typeof options === 'function'
          ? {}
          : options;
    policy.checkHost(hostname).then(
      (verdict) => {
        if (!verdict.ok) {
          const error =
            verdict.code === 'unresolvable' && verdict.cause instanceof Error
              ? verdict.cause
              : new AddressNotAllowedError(verdict.addressReason ?? verdict.reason, hostname);
          return process.nextTick(done, error, '', 0);
        }
        const family = familyNumber(opts.family);
        const addresses: LookupAddress[] = verdict.addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((entry) => family === 0 || entry.family === family);
        const [first] = addresses;
        if (!first) {
          const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
            code: 'ENOTFOUND',
            hostname,
          });
          return process.nextTick(done, error, '', 0);
        }
        // Callbacks run on their own tick so an exception in them is not taken for a lookup
        // failure (and the callback is never called twice).
        if (opts.all) return process.nextTick(done, null, addresses);
        process.nextTick(done, null, first.address, first.family);
      },
      (error: unknown) => process.nextTick(done, error as Error, '', 0),
    );
  };
}

function familyNumber(family: LookupOptions['family']): number {
  if (family === 'IPv4' || family === 4) return 4;
  if (family === 'IPv6' || family === 6) return 6;
  return 0;
}
