import { createServer, type Server } from 'node:http';
import { type LookupAddress } from 'node:dns';
import { type AddressInfo, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { AddressNotAllowedError, createGuardedLookup, UrlPolicy, type Resolver } from './index';

/** Fake DNS; a test may re-point a name to play a rebinding attacker. */
function zone(records: Record<string, string[]>): Resolver {
  return (host) => {
    const addresses = records[host];
    if (addresses) return Promise.resolve(addresses);
    return Promise.reject(
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }),
    );
  };
}

type LookupResult = { error: NodeJS.ErrnoException | null; address: unknown; family?: number };

function lookup(fn: LookupFunction, host: string, options: object = {}): Promise<LookupResult> {
  return new Promise((resolve) =>
    fn(host, options, (error, address, family) => resolve({ error, address, family })),
  );
}

describe('createGuardedLookup', () => {
  const policy = new UrlPolicy({
    allowHttp: true,
    allowedPrivateCidrs: [],
    resolver: zone({
      'example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
      'v4only.test': ['93.184.216.34'],
      'rebind.test': ['127.0.0.1'],
      'mixed.test': ['93.184.216.34', '10.0.0.5'],
    }),
  });
  const guarded = createGuardedLookup(policy);

  it('answers every vetted address when asked for all (what net does with autoSelectFamily)', async () => {
    const { error, address } = await lookup(guarded, 'example.com', { all: true });
    expect(error).toBeNull();
    expect(address as LookupAddress[]).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ]);
  });

  it('answers the first address, or the first of a requested family', async () => {
    expect(await lookup(guarded, 'example.com')).toEqual({
      error: null,
      address: '93.184.216.34',
      family: 4,
    });
    expect(await lookup(guarded, 'example.com', { family: 6 })).toEqual({
      error: null,
      address: '2606:2800:220:1:248:1893:25c8:1946',
      family: 6,
    });
    expect((await lookup(guarded, 'v4only.test', { family: 6 })).error).toMatchObject({
      code: 'ENOTFOUND',
    });
  });

  it('supports the lookup(host, callback) form', async () => {
    const result = await new Promise<unknown[]>((resolve) =>
      (guarded as unknown as (h: string, cb: (...args: unknown[]) => void) => void)(
        'v4only.test',
        (...args) => resolve(args),
      ),
    );
    expect(result).toEqual([null, '93.184.216.34', 4]);
  });

  it('refuses a name that resolves to a forbidden address, naming the address', async () => {
    const { error } = await lookup(guarded, 'rebind.test', { all: true });
    expect(error).toBeInstanceOf(AddressNotAllowedError);
    expect(error).toMatchObject({
      code: 'EHOSTUNREACH',
      hostname: 'rebind.test',
      message: 'address 127.0.0.1 is not allowed (loopback)',
    });
  });

  it('refuses when any address is forbidden, not just the first', async () => {
    const { error } = await lookup(guarded, 'mixed.test', { all: true });
    expect(error?.message).toBe('address 10.0.0.5 is not allowed (private)');
  });

  it('passes resolver errors through unchanged', async () => {
    const { error } = await lookup(guarded, 'nx.test', { all: true });
    expect(error).toMatchObject({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND nx.test' });
  });

  it('vets IP literals if it is ever asked for one', async () => {
    expect((await lookup(guarded, '169.254.169.254')).error?.message).toBe(
      'address 169.254.169.254 is not allowed (link-local, cloud metadata)',
    );
    expect(await lookup(guarded, '93.184.216.34')).toMatchObject({ address: '93.184.216.34' });
  });
});

describe('undici 7 Agent with connect: { lookup: guardedLookup }', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  const agents: Agent[] = [];

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.end('delivered');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.close()));
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    hits = 0;
  });

  function agentFor(policy: UrlPolicy): Agent {
    const agent = new Agent({ connect: { lookup: createGuardedLookup(policy), timeout: 2000 } });
    agents.push(agent);
    return agent;
  }

  async function post(url: string, dispatcher: Agent): Promise<string> {
    const response = await request(url, { method: 'POST', body: '{}', dispatcher });
    return response.body.text();
  }

  it('refuses a hostname that resolves to 127.0.0.1 when loopback is not allowed', async () => {
    const policy = new UrlPolicy({
      allowHttp: true,
      allowedPrivateCidrs: [],
      resolver: zone({ 'rebind.test': ['127.0.0.1'] }),
    });
    const agent = agentFor(policy);
    await expect(post(`http://rebind.test:${port}/hook`, agent)).rejects.toMatchObject({
      code: 'EHOSTUNREACH',
      message: 'address 127.0.0.1 is not allowed (loopback)',
    });
    // https goes through tls.connect, which uses the same lookup: refused before any handshake.
    await expect(post(`https://rebind.test:${port}/hook`, agent)).rejects.toBeInstanceOf(
      AddressNotAllowedError,
    );
    expect(hits).toBe(0);
  });

  it('connects when 127.0.0.0/8 is in allowedPrivateCidrs', async () => {
    const policy = new UrlPolicy({
      allowHttp: true,
      allowedPrivateCidrs: ['127.0.0.0/8'],
      resolver: zone({ 'rebind.test': ['127.0.0.1'] }),
    });
    const agent = agentFor(policy);
    expect(await post(`http://rebind.test:${port}/hook`, agent)).toBe('delivered');
    expect(await post(`http://localhost:${port}/hook`, agent)).toBe('delivered');
    expect(hits).toBe(2);
  });

  it('stops DNS rebinding: a name vetted at creation is vetted again at connect', async () => {
    const records: Record<string, string[]> = { 'rebind.test': ['93.184.216.34'] };
    const policy = new UrlPolicy({
      allowHttp: true,
      allowedPrivateCidrs: [],
      resolver: zone(records),
    });
    const url = `http://rebind.test:${port}/hook`;
    expect(await policy.checkUrl(url)).toMatchObject({ ok: true });
    records['rebind.test'] = ['127.0.0.1'];
    expect(policy.assertDeliverable(url).hostname).toBe('rebind.test');
    await expect(post(url, agentFor(policy))).rejects.toMatchObject({ code: 'EHOSTUNREACH' });
    expect(hits).toBe(0);
  });

  it('is bypassed by IP-literal URLs, which is why assertDeliverable runs before each attempt', async () => {
    const policy = new UrlPolicy({ allowHttp: true, allowedPrivateCidrs: [] });
    const url = `http://127.0.0.1:${port}/hook`;
    // net.connect never calls lookup for an IP: the agent alone lets this through...
    expect(await post(url, agentFor(policy))).toBe('delivered');
    // ...so the delivery app checks the URL itself first.
    expect(() => policy.assertDeliverable(url)).toThrow(
      'address 127.0.0.1 is not allowed (loopback)',
    );
    expect(() => policy.assertDeliverable(`http://2130706433:${port}/`)).toThrow('127.0.0.1');
  });
});
