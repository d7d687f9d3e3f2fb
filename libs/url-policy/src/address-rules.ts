import ipaddr from 'ipaddr.js';
import { type CidrRange, inCidr, parseCidr } from './cidr';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Ranges refused by name, checked before ipaddr.js's own classification. Most duplicate ipaddr's
 * table on purpose: a future ipaddr release that renames, narrows or drops a range must not
 * quietly let it through. The first match names the refusal, so narrower entries come first.
 */
const DENIED: ReadonlyArray<[CidrRange, string]> = (
  [
    ['169.254.169.254/32', 'link-local, cloud metadata'],
    ['0.0.0.0/8', 'unspecified'],
    ['10.0.0.0/8', 'private'],
    ['100.64.0.0/10', 'carrier-grade NAT'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['172.16.0.0/12', 'private'],
    ['192.0.0.0/24', 'IETF protocol assignments'],
    ['192.0.2.0/24', 'documentation'],
    ['192.88.99.0/24', '6to4 relay anycast'],
    ['192.168.0.0/16', 'private'],
    ['198.18.0.0/15', 'benchmarking'],
    ['198.51.100.0/24', 'documentation'],
    ['203.0.113.0/24', 'documentation'],
    ['224.0.0.0/4', 'multicast'],
    ['255.255.255.255/32', 'broadcast'],
    ['240.0.0.0/4', 'reserved'],
    ['::/128', 'unspecified'],
    ['::1/128', 'loopback'],
    // Local-use NAT64 (RFC 8215): operators pick the prefix length inside it, so where the IPv4
    // sits is unknowable; refuse it whole (an operator who needs it can allow it explicitly).
    ['64:ff9b:1::/48', 'local-use NAT64'],
    ['100::/64', 'discard-only'],
    ['2001::/32', 'Teredo'],
    ['2001:2::/48', 'benchmarking'],
    ['2001:db8::/32', 'documentation'],
    ['2001::/23', 'IETF protocol assignments'],
    ['3fff::/20', 'documentation'],
    ['fc00::/7', 'unique-local'],
    ['fe80::/10', 'link-local'],
    ['fec0::/10', 'site-local'],
    ['ff00::/8', 'multicast'],
  ] as const
).map(([cidr, label]) => [parseCidr(cidr), label]);

/** Where IANA allocates global unicast IPv6; everything outside is refused (allow-list). */
const GLOBAL_UNICAST_V6 = parseCidr('2000::/3');

/** Human words for ipaddr.js range names, for refusal reasons. */
const RANGE_LABELS: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT',
  private: 'private',
  reserved: 'reserved',
  benchmarking: 'benchmarking',
  as112: 'AS112 anycast',
  as112v6: 'AS112 anycast',
  amt: 'AMT anycast',
  uniqueLocal: 'unique-local',
  ipv4Mapped: 'IPv4-mapped',
  rfc6145: 'IPv4-translated',
  rfc6052: 'NAT64',
  '6to4': '6to4',
  teredo: 'Teredo',
  discard: 'discard-only',
  deprecatedSiteLocal: 'site-local',
  deprecatedOrchid: 'ORCHID',
  orchid2: 'ORCHIDv2',
  droneRemoteIdProtocolEntityTags: 'DRIP entity tags',
  segmentRouting: 'SRv6 SIDs',
};

/**
 * Why a plain address (no embedded IPv4 considered) is not a global unicast destination, or
 * undefined when it is.
 */
export function forbiddenLabel(address: Address): string | undefined {
  const denied = DENIED.find(([range]) => inCidr(address, range));
  if (denied) return denied[1];
  const range = address.range();
  if (range !== 'unicast') return RANGE_LABELS[range] ?? range;
  if (address.kind() === 'ipv6' && !inCidr(address, GLOBAL_UNICAST_V6)) {
    return 'not global unicast';
  }
  return undefined;
}

/**
 * An IPv6 form that carries an IPv4 address. `transparent` forms reach exactly that IPv4
 * destination (the kernel for mapped, a NAT64 gateway or 6to4 relay otherwise), so they are
 * judged by it; the others are obsolete and refused whatever they embed.
 */
export interface EmbeddedIPv4 {
  ipv4: ipaddr.IPv4;
  form: string;
  transparent: boolean;
}

export function embeddedIPv4(address: ipaddr.IPv6): EmbeddedIPv4 | undefined {
  // An IPv6 address is eight 16-bit parts, always (ipaddr.js normalises every form to them).
  const p = address.parts as [number, number, number, number, number, number, number, number];
  const zeros = (from: number, to: number) => p.slice(from, to).every((part) => part === 0);
  const fromParts = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  if (zeros(0, 5) && p[5] === 0xffff) {
    return { ipv4: fromParts(p[6], p[7]), form: 'IPv4-mapped', transparent: true };
  }
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) {
    return { ipv4: fromParts(p[6], p[7]), form: 'NAT64', transparent: true };
  }
  if (p[0] === 0x2002) {
    return { ipv4: fromParts(p[1], p[2]), form: '6to4', transparent: true };
  }
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) {
    return { ipv4: fromParts(p[6], p[7]), form: 'IPv4-translated', transparent: false };
  }
  // ::a.b.c.d (RFC 4291, deprecated); :: and ::1 are left to their own names.
  if (zeros(0, 6) && !(p[6] === 0 && p[7] <= 1)) {
    return { ipv4: fromParts(p[6], p[7]), form: 'IPv4-compatible', transparent: false };
  }
  return undefined;
}
