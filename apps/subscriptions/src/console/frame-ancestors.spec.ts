import { parseFrameAncestors } from './frame-ancestors';

describe('parseFrameAncestors', () => {
  it('accepts the keywords, schemes and origins with wildcards', () => {
    expect(parseFrameAncestors("'none'")).toEqual({ ok: true, sources: ["'none'"] });
    expect(
      parseFrameAncestors(
        "  'self' https://app.example.com https://*.example.com:8443 http://127.0.0.1:* https: ",
      ),
    ).toEqual({
      ok: true,
      sources: [
        "'self'",
        'https://app.example.com',
        'https://*.example.com:8443',
        'http://127.0.0.1:*',
        'https:',
      ],
    });
  });

  it('refuses what would break or widen the header', () => {
    for (const text of [
      '',
      '   ',
      "'none' 'self'",
      "'unsafe-inline'",
      'https://a.example.com; script-src *',
      'https://a.example.com,https://b.example.com',
      'https://a.example.com/path',
      '*',
      'https://exa mple.com\r\nX-Injected: 1',
    ]) {
      expect([text, parseFrameAncestors(text).ok]).toEqual([text, false]);
    }
  });
});
