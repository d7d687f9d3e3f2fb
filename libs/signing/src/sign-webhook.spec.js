'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const standardwebhooks_1 = require('standardwebhooks');
const signing_1 = require('./');
describe('signWebhook', () => {
  const id = 'msg_2Lh5qCk3';
  const body = JSON.stringify({ id, event: 'user.create', data: { name: 'Zoë ✓' } });
  const now = () => Math.floor(Date.now() / 1000);
  const headers = (timestamp, signature) => ({
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature,
  });
  it('is verified by the standardwebhooks library for one secret', () => {
    const secret = (0, signing_1.generateSecret)();
    const timestamp = now();
    const signature = (0, signing_1.signWebhook)({ id, timestamp, body, secrets: [secret] });
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(
      new standardwebhooks_1.Webhook(secret).verify(body, headers(timestamp, signature)),
    ).toEqual(JSON.parse(body));
  });
  it('signs once per secret so each secret alone verifies during a rotation', () => {
    const oldSecret = (0, signing_1.generateSecret)();
    const newSecret = (0, signing_1.generateSecret)();
    const timestamp = now();
    const signature = (0, signing_1.signWebhook)({
      id,
      timestamp,
      body,
      secrets: [newSecret, oldSecret],
    });
    const parts = signature.split(' ');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(
      (0, signing_1.signWebhook)({ id, timestamp, body, secrets: [newSecret] }),
    );
    expect(parts[1]).toBe(
      (0, signing_1.signWebhook)({ id, timestamp, body, secrets: [oldSecret] }),
    );
    for (const secret of [oldSecret, newSecret]) {
      expect(() =>
        new standardwebhooks_1.Webhook(secret).verify(body, headers(timestamp, signature)),
      ).not.toThrow();
    }
    expect(() =>
      new standardwebhooks_1.Webhook((0, signing_1.generateSecret)()).verify(
        body,
        headers(timestamp, signature),
      ),
    ).toThrow();
  });
  it('detects a changed body, id or timestamp', () => {
    const secret = (0, signing_1.generateSecret)();
    const timestamp = now();
    const signature = (0, signing_1.signWebhook)({ id, timestamp, body, secrets: [secret] });
    const webhook = new standardwebhooks_1.Webhook(secret);
    expect(() => webhook.verify(body + ' ', headers(timestamp, signature))).toThrow();
    expect(() => webhook.verify(body, headers(timestamp - 1, signature))).toThrow();
    expect(() =>
      webhook.verify(body, { ...headers(timestamp, signature), 'webhook-id': 'msg_other' }),
    ).toThrow();
  });
  it('matches a known HMAC-SHA256 vector over "<id>.<timestamp>.<body>"', () => {
    const secret = 'whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
    expect(
      (0, signing_1.signWebhook)({
        id: 'msg_1',
        timestamp: 1700000000,
        body: '{}',
        secrets: [secret],
      }),
    ).toBe('v1,fhksJF5ElKjlPoT/jtefCO5XjQPvhf7Dhf/8R1ad9yU=');
  });
  it('rejects invalid secrets without echoing them, an empty list and bad timestamps', () => {
    const secret = 'whsec_not-base64!';
    expect(() =>
      (0, signing_1.signWebhook)({ id, timestamp: now(), body, secrets: [secret] }),
    ).toThrow(/secret #0 is not a valid/);
    try {
      (0, signing_1.signWebhook)({ id, timestamp: now(), body, secrets: [secret] });
    } catch (error) {
      expect(error.message).not.toContain('not-base64');
    }
    expect(() => (0, signing_1.signWebhook)({ id, timestamp: now(), body, secrets: [] })).toThrow();
    expect(() =>
      (0, signing_1.signWebhook)({
        id,
        timestamp: 1.5,
        body,
        secrets: [(0, signing_1.generateSecret)()],
      }),
    ).toThrow();
  });
});
//# sourceMappingURL=sign-webhook.spec.js.map
