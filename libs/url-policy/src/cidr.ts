import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/** A parsed CIDR range, in the form `ipaddr.js` matches against. */
export type CidrRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Parses one CIDR (`10.1.0.0/16`, `fd00::/8`) or a bare address (taken as /32 or /128).
 *
 * Deliberately stricter than `ipaddr.parseCIDR`: that one reads `10/8` as 0.0.0.10/8 and
 * `010.0.0.0/8` as octal, and these ranges are security exceptions, so anything ambiguous is an
 * error. Host bits must be zero for the same reason: `10.1.2.3/16` may mean a single host or a
 * whole /16, and guessing wrong opens more than the operator intended.
 */
export function parseCidr(entry: string): CidrRange {
  const text = entry.trim();
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
  const version = isIP(addressText);
  if (version === 0 || addressText.includes('%')) {
    throw new Error(`invalid CIDR "${entry}": "${addressText}" is not an IPv4 or IPv6 address`);
  }
  const bits = version === 4 ? 32 : 128;
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      throw new Error(`invalid CIDR "${entry}": prefix length must be a number from 0 to ${bits}`);
    }
    prefix = Number(prefixText);
  }
  const address = ipaddr.parse(addressText);
  const network = networkAddress(address, prefix);
  if (network.toString() !== address.toString()) {
    throw new Error(
      `invalid CIDR "${entry}": host bits are set; did you mean ${network.toString()}/${prefix}?`,
    );
  }
  // An IPv4-mapped range (::ffff:10.0.0.0/104) names IPv4 destinations; store it as IPv4 so it
  // matches the addresses the policy actually compares (mapped forms are unwrapped first).
  if (address.kind() === 'ipv6' && prefix >= 96 && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return [(address as ipaddr.IPv6).toIPv4Address(), prefix - 96];
  }
  return [address, prefix];
}

/** `10.1.0.0/16` style text of a parsed range (IPv6 in its compressed form). */
export function formatCidr([address, prefix]: CidrRange): string {
  return `${address.toString()}/${prefix}`;
}

/**
 * Validates a list of CIDRs as written in `ALLOWED_PRIVATE_CIDRS` (comma and/or whitespace
 * separated) and returns them normalised. Throws an Error naming the first bad entry, so the
 * config layer can fail fast at start.
 */
export function parseCidrList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => formatCidr(parseCidr(entry)));
}

/** True when the address lies inside the range; ranges of the other IP version never match. */
export function inCidr(address: ipaddr.IPv4 | ipaddr.IPv6, range: CidrRange): boolean {
  return address.kind() === range[0].kind() && address.match(range);
}

function networkAddress(
  address: ipaddr.IPv4 | ipaddr.IPv6,
  prefix: number,
): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = address.toByteArray().map((byte, index) => {
    const keep = Math.min(8, Math.max(0, prefix - index * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return ipaddr.fromByteArray(bytes);
}
