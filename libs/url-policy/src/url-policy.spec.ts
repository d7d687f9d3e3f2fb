import { systemResolver, UrlNotAllowedError, UrlPolicy, type UrlRefusalCode } from './index';

/** Stand-in for DNS: the tests never leave the machine. Unknown names fail like getaddrinfo. */
const ZONE: Record<string, string[]> = {
  'example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'v6only.test': ['2606:4700::1111'],
  'metadata.google.internal': ['169.254.169.254'],
  'rebind.test': ['127.0.0.1'],
  'printer.local': ['192.168.1.50'],
  'mixed.test': ['93.184.216.34', '10.0.0.5'],
  'mixed6.test': ['2606:4700::1111', 'fe80::1'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'nat64.test': ['64:ff9b::a00:1'],
  'cgnat.test': ['100.64.12.34'],
  'internal.test': ['10.1.5.5'],
  'half-allowed.test': ['10.1.5.5', '10.2.0.1'],
  'empty.test': [],
};

function fakeResolver() {
  const calls: string[] = [];
  const resolve = (host: string): Promise<string[]> => {
    calls.push(host);
    const addresses = ZONE[host];
    if (addresses) return Promise.resolve(addresses);
    return Promise.reject(
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }),
    );
  };
  return { resolve, calls };
}

type Expected = 'ok' | UrlRefusalCode;
/** url, expected verdict, and for refusals a piece of the reason. */
type Case = [string, Expected, string?];

const STRICT: Case[] = [
  // Public destinations.
  ['https://93.184.216.34/', 'ok'],
  ['https://1.1.1.1:8443/hooks?x=1', 'ok'],
  ['https://[2606:4700::1111]/', 'ok'],
  ['https://example.com/webhooks', 'ok'],
  ['https://v6only.test/', 'ok'],
  ['https://[::ffff:93.184.216.34]/', 'ok'],
  ['https://[64:ff9b::93.184.216.34]/', 'ok'],
  ['https://[2002:5db8:d822::1]/', 'ok'],
  // IPv4 special ranges.
  ['https://127.0.0.1/', 'address_not_allowed', 'loopback'],
  ['https://127.255.255.254/', 'address_not_allowed', 'loopback'],
  ['https://10.0.0.1/', 'address_not_allowed', 'address 10.0.0.1 is not allowed (private)'],
  ['https://172.16.0.1/', 'address_not_allowed', 'private'],
  ['https://172.31.255.255/', 'address_not_allowed', 'private'],
  ['https://192.168.1.1/', 'address_not_allowed', 'private'],
  ['https://169.254.169.254/latest/meta-data/', 'address_not_allowed', 'cloud metadata'],
  ['https://169.254.0.1/', 'address_not_allowed', 'link-local'],
  ['https://100.64.0.1/', 'address_not_allowed', 'carrier-grade NAT'],
  ['https://100.127.255.254/', 'address_not_allowed', 'carrier-grade NAT'],
  ['https://0.0.0.0/', 'address_not_allowed', 'unspecified'],
  ['https://0.1.2.3/', 'address_not_allowed', 'unspecified'],
  ['https://224.0.0.1/', 'address_not_allowed', 'multicast'],
  ['https://239.255.255.250/', 'address_not_allowed', 'multicast'],
  ['https://255.255.255.255/', 'address_not_allowed', 'broadcast'],
  ['https://240.0.0.1/', 'address_not_allowed', 'reserved'],
  ['https://192.0.2.1/', 'address_not_allowed', 'documentation'],
  ['https://198.51.100.7/', 'address_not_allowed', 'documentation'],
  ['https://203.0.113.9/', 'address_not_allowed', 'documentation'],
  ['https://198.18.0.1/', 'address_not_allowed', 'benchmarking'],
  ['https://198.19.255.1/', 'address_not_allowed', 'benchmarking'],
  ['https://192.0.0.8/', 'address_not_allowed', 'IETF protocol'],
  ['https://192.88.99.1/', 'address_not_allowed', '6to4 relay'],
  // Odd IPv4 spellings, normalised by the URL parser and checked without DNS.
  ['https://2130706433/', 'address_not_allowed', 'address 127.0.0.1 '],
  ['https://0x7f.1/', 'address_not_allowed', 'address 127.0.0.1 '],
  ['https://127.1/', 'address_not_allowed', 'address 127.0.0.1 '],
  ['https://017700000001/', 'address_not_allowed', 'address 127.0.0.1 '],
  ['https://0177.0.0.1/', 'address_not_allowed', 'address 127.0.0.1 '],
  ['https://0x0a000001/', 'address_not_allowed', 'address 10.0.0.1 '],
  ['https://3232235777/', 'address_not_allowed', 'address 192.168.1.1 '],
  ['https://0/', 'address_not_allowed', 'address 0.0.0.0 '],
  ['https://127.0.0.1./', 'address_not_allowed', 'loopback'],
  // IPv6 special ranges.
  ['https://[::1]/', 'address_not_allowed', 'loopback'],
  ['https://[::]/', 'address_not_allowed', 'unspecified'],
  ['https://[2001:db8::1]/', 'address_not_allowed', 'documentation'],
  ['https://[2001::1]/', 'address_not_allowed', 'Teredo'],
  ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'address_not_allowed', 'Teredo'],
  ['https://[2001:2::1]/', 'address_not_allowed', 'benchmarking'],
  ['https://[fc00::1]/', 'address_not_allowed', 'unique-local'],
  ['https://[fd12:3456::1]/', 'address_not_allowed', 'unique-local'],
  ['https://[fd00:ec2::254]/', 'address_not_allowed', 'unique-local'],
  ['https://[fe80::1]/', 'address_not_allowed', 'link-local'],
  ['https://[febf::1]/', 'address_not_allowed', 'link-local'],
  ['https://[fec0::1]/', 'address_not_allowed', 'site-local'],
  ['https://[ff02::1]/', 'address_not_allowed', 'multicast'],
  ['https://[ff05::1:3]/', 'address_not_allowed', 'multicast'],
  ['https://[100::1]/', 'address_not_allowed', 'discard'],
  ['https://[3fff::1]/', 'address_not_allowed', 'documentation'],
  ['https://[4000::1]/', 'address_not_allowed', 'not global unicast'],
  ['https://[64:ff9b:1::a00:1]/', 'address_not_allowed', 'local-use NAT64'],
  // Forbidden IPv4 inside IPv6 forms.
  ['https://[::ffff:127.0.0.1]/', 'address_not_allowed', 'loopback, IPv4-mapped form of 127.0.0.1'],
  ['https://[::ffff:7f00:1]/', 'address_not_allowed', 'loopback, IPv4-mapped'],
  ['https://[::ffff:169.254.169.254]/', 'address_not_allowed', 'cloud metadata, IPv4-mapped'],
  ['https://[::ffff:10.0.0.1]/', 'address_not_allowed', 'private, IPv4-mapped'],
  ['https://[::ffff:0:7f00:1]/', 'address_not_allowed', 'loopback, IPv4-translated'],
  ['https://[::127.0.0.1]/', 'address_not_allowed', 'loopback, IPv4-compatible'],
  ['https://[::10.0.0.1]/', 'address_not_allowed', 'private, IPv4-compatible'],
  ['https://[::93.184.216.34]/', 'address_not_allowed', 'IPv4-compatible form of 93.184.216.34'],
  ['https://[64:ff9b::127.0.0.1]/', 'address_not_allowed', 'loopback, NAT64 form of 127.0.0.1'],
  ['https://[64:ff9b::a9fe:a9fe]/', 'address_not_allowed', 'NAT64 form of 169.254.169.254'],
  ['https://[2002:7f00:1::]/', 'address_not_allowed', 'loopback, 6to4 form of 127.0.0.1'],
  ['https://[2002:a9fe:a9fe::1]/', 'address_not_allowed', '6to4 form of 169.254.169.254'],
  ['https://[2002:c0a8:101::1]/', 'address_not_allowed', 'private, 6to4 form of 192.168.1.1'],
  // Hostnames, through the fake resolver.
  [
    'https://metadata.google.internal/computeMetadata/v1/',
    'address_not_allowed',
    '169.254.169.254',
  ],
  ['https://rebind.test/', 'address_not_allowed', 'rebind.test resolves to 127.0.0.1'],
  ['https://printer.local/', 'address_not_allowed', 'private'],
  ['https://mixed.test/', 'address_not_allowed', 'resolves to 10.0.0.5'],
  ['https://mixed6.test/', 'address_not_allowed', 'resolves to fe80::1'],
  ['https://mapped.test/', 'address_not_allowed', 'IPv4-mapped form of 127.0.0.1'],
  ['https://nat64.test/', 'address_not_allowed', 'NAT64 form of 10.0.0.1'],
  ['https://cgnat.test/', 'address_not_allowed', 'carrier-grade NAT'],
  ['https://nx.test/', 'unresolvable', 'ENOTFOUND'],
  ['https://empty.test/', 'unresolvable', 'no addresses'],
  // localhost names are loopback without asking the resolver.
  ['https://localhost/', 'address_not_allowed', 'loopback'],
  ['https://LOCALHOST./', 'address_not_allowed', 'loopback'],
  ['https://api.localhost:8443/', 'address_not_allowed', 'loopback'],
  // Schemes.
  ['http://93.184.216.34/', 'scheme_not_allowed', 'use https'],
  ['http://example.com/', 'scheme_not_allowed'],
  ['ftp://example.com/file', 'scheme_not_allowed', 'ftp'],
  ['file:///etc/passwd', 'scheme_not_allowed', 'file'],
  ['javascript:alert(1)', 'scheme_not_allowed', 'javascript'],
  ['ws://example.com/', 'scheme_not_allowed'],
  ['gopher://127.0.0.1:6379/_INFO', 'scheme_not_allowed'],
  ['data:text/plain,hi', 'scheme_not_allowed'],
  // Credentials.
  ['https://user:pass@example.com/', 'credentials_not_allowed'],
  ['https://user@example.com/', 'credentials_not_allowed'],
  ['https://:secret@example.com/', 'credentials_not_allowed'],
  ['https://example.com@169.254.169.254/', 'credentials_not_allowed'],
  // Not URLs, or too long.
  ['', 'invalid_url'],
  ['not a url', 'invalid_url'],
  ['/relative/path', 'invalid_url'],
  ['https://[::1/', 'invalid_url'],
  ['https://1.2.3.4.5/', 'invalid_url'],
  ['https://[fe80::1%25eth0]/', 'invalid_url'],
  [`https://example.com/${'a'.repeat(2030)}`, 'invalid_url', '2048'],
];

/** ALLOW_HTTP_URLS=true, ALLOWED_PRIVATE_CIDRS=127.0.0.0/8,10.1.0.0/16,fd00::/8 */
const RELAXED: Case[] = [
  ['http://127.0.0.1:8080/', 'ok'],
  ['http://2130706433/', 'ok'],
  ['http://[::ffff:127.0.0.1]/', 'ok'],
  ['http://10.1.2.3/', 'ok'],
  ['http://10.2.0.1/', 'address_not_allowed', 'private'],
  ['http://[fd00::5]/', 'ok'],
  ['http://[fc00::1]/', 'address_not_allowed', 'unique-local'],
  ['http://[::1]/', 'address_not_allowed', 'loopback'],
  ['http://rebind.test/', 'ok'],
  ['http://internal.test/', 'ok'],
  ['http://half-allowed.test/', 'address_not_allowed', 'resolves to 10.2.0.1'],
  ['http://169.254.169.254/', 'address_not_allowed', 'cloud metadata'],
  ['https://example.com/', 'ok'],
  ['ftp://example.com/', 'scheme_not_allowed', 'use http or https'],
];

// Objects, not tuples: a test function with more parameters than a row has is taken for a
// callback-style test by jest.
const rows = (cases: Case[]) => cases.map(([url, expected, reason]) => ({ url, expected, reason }));

describe('UrlPolicy.checkUrl corpus', () => {
  const strict = new UrlPolicy({
    allowHttp: false,
    allowedPrivateCidrs: [],
    resolver: fakeResolver().resolve,
  });
  const relaxed = new UrlPolicy({
    allowHttp: true,
    allowedPrivateCidrs: ['127.0.0.0/8', '10.1.0.0/16', 'fd00::/8'],
    resolver: fakeResolver().resolve,
  });

  it('has a corpus of at least 40 cases', () => {
    expect(STRICT.length + RELAXED.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows(STRICT))('strict: $url -> $expected', async ({ url, expected, reason }) => {
    const verdict = await strict.checkUrl(url);
    expect(verdict.ok ? 'ok' : verdict.code).toBe(expected);
    if (!verdict.ok && reason !== undefined) expect(verdict.reason).toContain(reason);
  });

  it.each(rows(RELAXED))('relaxed: $url -> $expected', async ({ url, expected, reason }) => {
    const verdict = await relaxed.checkUrl(url);
    expect(verdict.ok ? 'ok' : verdict.code).toBe(expected);
    if (!verdict.ok && reason !== undefined) expect(verdict.reason).toContain(reason);
  });
});

describe('UrlPolicy', () => {
  it('returns the parsed URL and every resolved address', async () => {
    const policy = new UrlPolicy({
      allowHttp: false,
      allowedPrivateCidrs: [],
      resolver: fakeResolver().resolve,
    });
    const verdict = await policy.checkUrl('https://example.com/hooks?a=1');
    expect(verdict).toEqual({
      ok: true,
      url: new URL('https://example.com/hooks?a=1'),
      addresses: ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    });
    expect(await policy.checkUrl('https://[2606:4700::1111]:8443/')).toMatchObject({
      ok: true,
      addresses: ['2606:4700::1111'],
    });
  });

  it('never resolves IP literals or localhost names', async () => {
    const { resolve, calls } = fakeResolver();
    const policy = new UrlPolicy({ allowHttp: true, allowedPrivateCidrs: [], resolver: resolve });
    for (const url of ['http://2130706433/', 'https://[::ffff:7f00:1]/', 'http://localhost/']) {
      await policy.checkUrl(url);
    }
    await policy.checkUrl('https://a.b.localhost./');
    expect(calls).toEqual([]);
    await policy.checkUrl('https://example.com/');
    expect(calls).toEqual(['example.com']);
  });

  it('treats localhost as loopback, keeping only the allowed loopback addresses', async () => {
    const resolver = () => Promise.reject(new Error('no DNS for localhost'));
    const v4 = new UrlPolicy({ allowHttp: true, allowedPrivateCidrs: ['127.0.0.0/8'], resolver });
    expect(await v4.checkUrl('http://localhost:3000/')).toMatchObject({
      ok: true,
      addresses: ['127.0.0.1'],
    });
    const both = new UrlPolicy({
      allowHttp: true,
      allowedPrivateCidrs: ['127.0.0.0/8', '::1/128'],
      resolver,
    });
    expect(await both.checkUrl('http://api.localhost/')).toMatchObject({
      ok: true,
      addresses: ['127.0.0.1', '::1'],
    });
    const none = new UrlPolicy({ allowHttp: true, allowedPrivateCidrs: [], resolver });
    expect(await none.checkUrl('http://localhost/')).toEqual({
      ok: false,
      code: 'address_not_allowed',
      reason: 'localhost resolves to 127.0.0.1, which is not allowed (loopback)',
    });
  });

  it('resolves with the system resolver by default (localhost only: no DNS in tests)', async () => {
    const addresses = await systemResolver('localhost');
    expect(addresses.some((address) => address === '127.0.0.1' || address === '::1')).toBe(true);
  });

  it('checks the normalised URL length too', async () => {
    const policy = new UrlPolicy({ allowHttp: false, allowedPrivateCidrs: [] });
    // 1000 spaces are 1000 characters in, 3000 once percent-encoded.
    const verdict = await policy.checkUrl(`https://93.184.216.34/${' '.repeat(1000)}x`);
    expect(verdict).toMatchObject({ ok: false, code: 'invalid_url' });
    expect(await policy.checkUrl(`https://93.184.216.34/${'a'.repeat(2048 - 23)}`)).toMatchObject({
      ok: true,
    });
  });

  it('accepts an allowed IPv4 range in its IPv4-mapped spelling', async () => {
    const policy = new UrlPolicy({ allowHttp: true, allowedPrivateCidrs: ['::ffff:10.0.0.0/104'] });
    expect(await policy.checkUrl('http://10.9.8.7/')).toMatchObject({ ok: true });
    expect(await policy.checkUrl('http://[::ffff:10.9.8.7]/')).toMatchObject({ ok: true });
    expect(await policy.checkUrl('http://11.0.0.0/')).toMatchObject({ ok: true });
    expect(await policy.checkUrl('http://192.168.0.1/')).toMatchObject({ ok: false });
  });

  it('refuses to start with a bad allowed CIDR', () => {
    expect(() => new UrlPolicy({ allowHttp: false, allowedPrivateCidrs: ['10.0.0.0/33'] })).toThrow(
      /10\.0\.0\.0\/33/,
    );
  });

  describe('checkAddress', () => {
    const policy = new UrlPolicy({ allowHttp: false, allowedPrivateCidrs: ['10.1.0.0/16'] });

    it.each([
      ['93.184.216.34', true],
      ['2606:4700::1111', true],
      ['10.1.255.255', true],
      ['10.0.0.1', false],
      ['::ffff:10.1.0.9', true],
      ['fe80::1%eth0', false],
      ['127.1', false], // resolvers answer dotted quads; anything else is not trusted
      ['010.0.0.1', false],
      ['example.com', false],
      ['', false],
    ])('%s -> %s', (ip, ok) => {
      expect(policy.checkAddress(ip).ok).toBe(ok);
    });

    it('names the address and its range', () => {
      expect(policy.checkAddress('192.168.0.1')).toEqual({
        ok: false,
        reason: 'address 192.168.0.1 is not allowed (private)',
      });
      expect(policy.checkAddress('example.com')).toEqual({
        ok: false,
        reason: 'address example.com is not allowed (not an IP address)',
      });
    });
  });

  describe('assertDeliverable', () => {
    const { resolve, calls } = fakeResolver();
    const policy = new UrlPolicy({ allowHttp: false, allowedPrivateCidrs: [], resolver: resolve });

    it('returns the URL for a hostname without resolving it (the guarded lookup does)', () => {
      expect(policy.assertDeliverable('https://rebind.test/x').href).toBe('https://rebind.test/x');
      expect(calls).toEqual([]);
    });

    it('throws for IP literals, schemes, credentials and bad URLs', () => {
      const refusal = (url: string) => {
        try {
          policy.assertDeliverable(url);
        } catch (error) {
          expect(error).toBeInstanceOf(UrlNotAllowedError);
          return (error as UrlNotAllowedError).code;
        }
        return 'ok';
      };
      expect(refusal('https://0x7f.1/')).toBe('address_not_allowed');
      expect(refusal('https://[::ffff:169.254.169.254]/')).toBe('address_not_allowed');
      expect(refusal('http://example.com/')).toBe('scheme_not_allowed');
      expect(refusal('https://u:p@example.com/')).toBe('credentials_not_allowed');
      expect(refusal('nope')).toBe('invalid_url');
      expect(refusal('https://93.184.216.34/')).toBe('ok');
      expect(() => policy.assertDeliverable('https://10.0.0.1/')).toThrow(
        'address 10.0.0.1 is not allowed (private)',
      );
    });
  });
});
