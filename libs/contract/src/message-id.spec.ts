import { messageIdFor } from './message-id';

describe('messageIdFor', () => {
  it('is msg_ followed by 32 lowercase hex digits', () => {
    expect(messageIdFor('acme', 'evt_123', 'wh_1')).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it('is deterministic', () => {
    expect(messageIdFor('acme', 'evt_123', 'wh_1')).toBe(messageIdFor('acme', 'evt_123', 'wh_1'));
  });

  it('differs per company, event and webhook', () => {
    const ids = new Set([
      messageIdFor('acme', 'evt_123', 'wh_1'),
      messageIdFor('globex', 'evt_123', 'wh_1'),
      messageIdFor('acme', 'evt_124', 'wh_1'),
      messageIdFor('acme', 'evt_123', 'wh_2'),
    ]);

    expect(ids.size).toBe(4);
  });

  it('does not confuse fields whose concatenation is the same', () => {
    expect(messageIdFor('ab', 'c', 'd')).not.toBe(messageIdFor('a', 'bc', 'd'));
    expect(messageIdFor('a', 'bc', 'd')).not.toBe(messageIdFor('a', 'b', 'cd'));
  });
});
