import { parseCidrList } from './index';

describe('parseCidrList', () => {
  it('reads an empty setting as no exceptions', () => {
    expect(parseCidrList('')).toEqual([]);
    expect(parseCidrList(' , ')).toEqual([]);
  });

  it('accepts comma and/or whitespace separated IPv4 and IPv6 ranges, normalised', () => {
    expect(parseCidrList('127.0.0.0/8')).toEqual(['127.0.0.0/8']);
    expect(parseCidrList('127.0.0.0/8, 10.1.0.0/16 FD00:0:0::/8\n192.168.10.0/24')).toEqual([
      '127.0.0.0/8',
      '10.1.0.0/16',
      'fd00::/8',
      '192.168.10.0/24',
    ]);
  });

  it('takes a bare address as a single host', () => {
    expect(parseCidrList('10.0.0.5,fd00::1')).toEqual(['10.0.0.5/32', 'fd00::1/128']);
  });

  it('stores an IPv4-mapped range as the IPv4 range it names', () => {
    expect(parseCidrList('::ffff:10.0.0.0/104')).toEqual(['10.0.0.0/8']);
  });

  it.each([
    ['10/8', 'is not an IPv4 or IPv6 address'],
    ['010.0.0.0/8', 'is not an IPv4 or IPv6 address'],
    ['0x0a.0.0.0/8', 'is not an IPv4 or IPv6 address'],
    ['example.com/24', 'is not an IPv4 or IPv6 address'],
    ['fe80::%eth0/64', 'is not an IPv4 or IPv6 address'],
    ['10.0.0.0/33', 'prefix length must be a number from 0 to 32'],
    ['fd00::/129', 'prefix length must be a number from 0 to 128'],
    ['10.0.0.0/', 'prefix length'],
    ['10.0.0.0/-1', 'prefix length'],
    ['10.0.0.0/8/9', 'prefix length'],
    ['10.1.2.3/16', 'did you mean 10.1.0.0/16?'],
    ['fd00::1/8', 'did you mean fd00::/8?'],
  ])('rejects %s, naming it', (entry, message) => {
    expect(() => parseCidrList(`127.0.0.0/8, ${entry}`)).toThrow(`invalid CIDR "${entry}"`);
    expect(() => parseCidrList(entry)).toThrow(message);
  });
});
