'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const message_id_1 = require('./message-id');
describe('messageIdFor', () => {
  it('is msg_ followed by 32 lowercase hex digits', () => {
    expect((0, message_id_1.messageIdFor)('acme', 'evt_123', 'wh_1')).toMatch(/^msg_[0-9a-f]{32}$/);
  });
  it('is deterministic', () => {
    expect((0, message_id_1.messageIdFor)('acme', 'evt_123', 'wh_1')).toBe(
      (0, message_id_1.messageIdFor)('acme', 'evt_123', 'wh_1'),
    );
  });
  it('differs per company, event and webhook', () => {
    const ids = new Set([
      (0, message_id_1.messageIdFor)('acme', 'evt_123', 'wh_1'),
      (0, message_id_1.messageIdFor)('globex', 'evt_123', 'wh_1'),
      (0, message_id_1.messageIdFor)('acme', 'evt_124', 'wh_1'),
      (0, message_id_1.messageIdFor)('acme', 'evt_123', 'wh_2'),
    ]);
    expect(ids.size).toBe(4);
  });
  it('does not confuse fields whose concatenation is the same', () => {
    expect((0, message_id_1.messageIdFor)('ab', 'c', 'd')).not.toBe(
      (0, message_id_1.messageIdFor)('a', 'bc', 'd'),
    );
    expect((0, message_id_1.messageIdFor)('a', 'bc', 'd')).not.toBe(
      (0, message_id_1.messageIdFor)('a', 'b', 'cd'),
    );
  });
});
//# sourceMappingURL=message-id.spec.js.map
