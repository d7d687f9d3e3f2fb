import ipaddr from 'ipaddr.js';
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { embeddedIPv4, forbiddenLabel } from './address-rules';
import { type CidrRange, inCidr, parseCidr } from './cidr';

/** Longest webhook URL accepted, counted before and after the parser normalises it. */
export const MAX_URL_LENGTH = 2048;

/** Resolves a hostname to every address a connect could use (IPv4 and IPv6, in system order). */
export type Resolver = (host: string) => Promise<string[]>;

export interface UrlPolicyOptions {
  /** Accept `http:` as well as `https:` (ALLOW_HTTP_URLS; local development and tests). */
  allowHttp: boolean;
  /** Ranges allowed although not public (ALLOWED_PRIVATE_CIDRS), e.g. `10.1.0.0/16`. */
  allowedPrivateCidrs: string[];
  /** Replaces the system resolver (tests). */
  resolver?: Resolver;
}

export type UrlRefusalCode =
  | 'invalid_url'
  | 'scheme_not_allowed'
  | 'credentials_not_allowed'
  | 'address_not_allowed'
  | 'unresolvable';

export type UrlVerdict =
  { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string; code: UrlRefusalCode };

export type AddressVerdict = { ok: true } | { ok: false; reason: string };

/** Outcome of vetting a hostname (or IP literal) as the guarded lookup sees it. */
export type HostVerdict =
  | { ok: true; addresses: string[] }
  | {
      ok: false;
      code: 'address_not_allowed' | 'unresolvable';
      reason: string;
      /** For a refused address: `address 10.0.0.1 is not allowed (private)`. */
      addressReason?: string;
      /** For an unresolvable name: the resolver's own error (ENOTFOUND, EAI_AGAIN…). */
      cause?: unknown;
    };

/** Thrown by `assertDeliverable`; `code` is the verdict code. */
export class UrlNotAllowedError extends Error {
  override readonly name = 'UrlNotAllowedError';

  constructor(
    readonly code: UrlRefusalCode,
    reason: string,
  ) {
    super(reason);
  }
}

/** `dns.lookup` with every address, in the order the system gives them. */
export const systemResolver: Resolver = async (host) => {
  const results = await dns.lookup(host, { all: true, verbatim: true });
  return results.map((result) => result.address);
};

/**
 * RFC 6761 reserves `localhost` and `*.localhost` for loopback, and resolvers are not consistent
 * about them (some send `*.localhost` to DNS), so they are answered here and never resolved.
 */
const LOCALHOST_ADDRESSES = ['127.0.0.1', '::1'];

/**
 * The SSRF guard for webhook URLs: https only (unless allowHttp), no credentials, and every
 * address the host is or resolves to must be global unicast, or inside allowedPrivateCidrs.
 *
 * - At creation/update (subscriptions): `await policy.checkUrl(url)`.
 * - Per delivery attempt (delivery): `policy.assertDeliverable(url)` before the request, and an
 *   undici Agent built with `connect: { lookup: createGuardedLookup(policy) }`. The lookup vets
 *   the addresses actually connected to, so a name re-pointed after creation (DNS rebinding)
 *   cannot reach a private address; `assertDeliverable` covers IP-literal URLs, for which
 *   net/tls connect never call lookup.
 */
export class UrlPolicy {
  private readonly allowHttp: boolean;
  private readonly allowed: CidrRange[];
  private readonly resolver: Resolver;

  constructor(options: UrlPolicyOptions) {
    this.allowHttp = options.allowHttp;
    // Throws on a bad entry: a typo here must stop the app, not silently allow nothing or all.
    this.allowed = options.allowedPrivateCidrs.map((cidr) => parseCidr(cidr));
    this.resolver = options.resolver ?? systemResolver;
  }

  /** Full check, resolving hostnames: refused when any resolved address is refused. */
  async checkUrl(url: string): Promise<UrlVerdict> {
    const checked = this.checkStatic(url);
    if (!checked.ok || checked.addresses.length > 0) return checked;
    const host = await this.checkHost(checked.url.hostname);
    if (!host.ok) return { ok: false, code: host.code, reason: host.reason };
    return { ok: true, url: checked.url, addresses: host.addresses };
  }

  /**
   * Per-attempt check for the delivery app, without DNS: length, syntax, scheme, credentials
   * and, for an IP-literal host, the address (net/tls connect never call lookup for those).
   * A hostname is left to the guarded lookup, which vets what is actually connected to.
   * Returns the parsed URL; throws UrlNotAllowedError.
   */
  assertDeliverable(url: string): URL {
    const checked = this.checkStatic(url);
    if (!checked.ok) throw new UrlNotAllowedError(checked.code, checked.reason);
    return checked.url;
  }

  /** Vets one address as connected to (`10.0.0.1`, `::ffff:7f00:1`); no other spellings. */
  checkAddress(ip: string): AddressVerdict {
    const label = this.refusalLabel(ip);
    if (label === undefined) return { ok: true };
    return { ok: false, reason: `address ${ip} is not allowed (${label})` };
  }

  /**
   * Vets a hostname (or IP literal, bracketed or not) the way a connect would reach it: every
   * resolved address must pass. `localhost` names are loopback without asking DNS; of those,
   * the allowed ones are kept (nobody else controls that answer, so a partial match is no trick).
   */
  async checkHost(hostname: string): Promise<HostVerdict> {
    const host =
      hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
    if (isIP(host) !== 0) return this.vetAddresses(host, [host]);

    const name = host.toLowerCase().replace(/\.$/, '');
    if (name === 'localhost' || name.endsWith('.localhost')) {
      const allowed = LOCALHOST_ADDRESSES.filter((address) => this.checkAddress(address).ok);
      if (allowed.length > 0) return { ok: true, addresses: allowed };
      return this.vetAddresses(host, LOCALHOST_ADDRESSES);
    }

    let addresses: string[];
    try {
      addresses = await this.resolver(host);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      const detail = typeof code === 'string' ? code : String(error);
      return {
        ok: false,
        code: 'unresolvable',
        reason: `host ${host} could not be resolved (${detail})`,
        cause: error,
      };
    }
    if (addresses.length === 0) {
      return { ok: false, code: 'unresolvable', reason: `host ${host} has no addresses` };
    }
    return this.vetAddresses(host, addresses);
  }

  private vetAddresses(host: string, addresses: string[]): HostVerdict {
    for (const address of addresses) {
      const label = this.refusalLabel(address);
      if (label === undefined) continue;
      const addressReason = `address ${address} is not allowed (${label})`;
      const reason =
        address === host
          ? addressReason
          : `${host} resolves to ${address}, which is not allowed (${label})`;
      return { ok: false, code: 'address_not_allowed', reason, addressReason };
    }
    return { ok: true, addresses };
  }

  /** Everything but DNS; `addresses` is empty for a hostname, [ip] for an IP literal. */
  private checkStatic(input: string): UrlVerdict {
    if (typeof input !== 'string' || input.length > MAX_URL_LENGTH) {
      return this.invalid(`URL must be a string of at most ${MAX_URL_LENGTH} characters`);
    }
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      return this.invalid('URL is not a valid absolute URL');
    }
    // Percent-encoding and punycode can lengthen it; the stored and sent form is href.
    if (url.href.length > MAX_URL_LENGTH) {
      return this.invalid(`URL must be at most ${MAX_URL_LENGTH} characters once normalised`);
    }
    if (url.protocol !== 'https:' && !(this.allowHttp && url.protocol === 'http:')) {
      const allowed = this.allowHttp ? 'http or https' : 'https';
      return {
        ok: false,
        code: 'scheme_not_allowed',
        reason: `URL scheme ${url.protocol.replace(/:$/, '')} is not allowed; use ${allowed}`,
      };
    }
    if (url.username !== '' || url.password !== '') {
      return {
        ok: false,
        code: 'credentials_not_allowed',
        reason: 'URL must not contain credentials (user:password@)',
      };
    }
    if (url.hostname === '') return this.invalid('URL has no host');

    // The WHATWG parser has already turned 2130706433, 0x7f.1 and 127.1 into 127.0.0.1 and
    // compressed IPv6, so what is checked here is exactly what undici will connect to.
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (isIP(host) === 0) return { ok: true, url, addresses: [] };
    const verdict = this.checkAddress(host);
    if (!verdict.ok) return { ok: false, code: 'address_not_allowed', reason: verdict.reason };
    return { ok: true, url, addresses: [host] };
  }

  /** Why an address is refused, or undefined when it may be connected to. */
  private refusalLabel(ip: string): string | undefined {
    // net.isIP first: ipaddr.parse also takes octal, hex and short IPv4 spellings, and a
    // resolver answer in such a form would be read differently by the kernel.
    if (isIP(ip) === 0) return 'not an IP address';
    const address = ipaddr.parse(ip);
    if (this.isAllowedException(address)) return undefined;
    if (address.kind() === 'ipv6') {
      const embedded = embeddedIPv4(address as ipaddr.IPv6);
      if (embedded) {
        if (embedded.transparent && this.isAllowedException(embedded.ipv4)) return undefined;
        const inner = forbiddenLabel(embedded.ipv4);
        const form = `${embedded.form} form of ${embedded.ipv4.toString()}`;
        if (inner !== undefined) return `${inner}, ${form}`;
        return embedded.transparent ? undefined : form;
      }
    }
    return forbiddenLabel(address);
  }

  private isAllowedException(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    return this.allowed.some((range) => inCidr(address, range));
  }

  private invalid(reason: string): UrlVerdict {
    return { ok: false, code: 'invalid_url', reason };
  }
}
