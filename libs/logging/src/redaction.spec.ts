import { Writable } from 'node:stream';
import { createRootLogger } from './root-logger';
import { REDACTED, scrubCredentials, scrubUrl } from './redaction';

const credentials = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+0vKd/9bqF4=',
  apiKey: 'hsk_3kL9xQ0pZr7vB2nM5tY8wE1aS4dF6gH0jK2lZ4xC6vB',
  portalLink: 'hspl_Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa98765432',
  portalSession: 'hsps_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk1Ll2Mm3Nn4Oo',
  adminToken: 'hsadm_q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6',
};

/** A logger with the apps' options, writing JSON lines into an array. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createRootLogger({ format: 'json', level: 'info', service: 'test' }, stream);
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as object) };
}

describe('scrubCredentials', () => {
  it('replaces every issued credential, keeping its kind', () => {
    const text = `secret ${credentials.secret}, key ${credentials.apiKey}, link ${credentials.portalLink}, session ${credentials.portalSession}`;

    const scrubbed = scrubCredentials(text);

    for (const value of Object.values(credentials).slice(0, 4)) {
      expect(scrubbed).not.toContain(value);
    }
    expect(scrubbed).toContain(`whsec_${REDACTED}`);
    expect(scrubbed).toContain(`hsk_${REDACTED}`);
  });

  it('leaves text without credentials alone', () => {
    expect(scrubCredentials('webhook wh_01J2 disabled (gone)')).toBe(
      'webhook wh_01J2 disabled (gone)',
    );
  });
});

describe('scrubUrl', () => {
  it('removes credentials and credential-named query values from a URL', () => {
    const url = `/v1/messages?cursor=abc&token=letmein&apiKey=${credentials.apiKey}&x=${credentials.adminToken}`;

    const scrubbed = scrubUrl(url);

    expect(scrubbed).toBe(
      `/v1/messages?cursor=abc&token=${REDACTED}&apiKey=${REDACTED}&x=hsadm_${REDACTED}`,
    );
  });
});

describe('the apps’ logger', () => {
  it('redacts credential headers and credential-named fields', () => {
    const { logger, parsed } = capturingLogger();

    logger.info(
      {
        req: { headers: { authorization: `Bearer ${credentials.apiKey}`, cookie: 'a=b' } },
        webhook: { id: 'wh_1', secret: 'plain-secret-value' },
        token: 'some-session-token',
      },
      'request',
    );

    expect(parsed()[0]).toMatchObject({
      req: { headers: { authorization: REDACTED, cookie: REDACTED } },
      webhook: { id: 'wh_1', secret: REDACTED },
      token: REDACTED,
    });
  });

  it('scrubs issued credentials wherever they appear in a line', () => {
    const { logger, lines } = capturingLogger();

    logger.error(
      { err: new Error(`signing failed for ${credentials.secret}`) },
      `key ${credentials.apiKey} refused`,
    );

    expect(lines.join('\n')).not.toContain(credentials.secret);
    expect(lines.join('\n')).not.toContain(credentials.apiKey);
  });

  it('writes JSON lines with the level name, an ISO time, the service and the error stack', () => {
    const { logger, parsed } = capturingLogger();

    logger.warn({ err: new Error('broker away'), topic: 'hookstream.events' }, 'send failed');

    const [line] = parsed() as Array<Record<string, unknown>>;
    expect(line).toMatchObject({
      level: 'warn',
      service: 'test',
      msg: 'send failed',
      topic: 'hookstream.events',
      err: { type: 'Error', message: 'broker away' },
    });
    expect(new Date(line?.time as string).toISOString()).toBe(line!.time);
    expect((line?.err as { stack: string }).stack).toContain('redaction.spec.ts');
  });
});
