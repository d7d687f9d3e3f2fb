'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
const event_filter_1 = require('./event-filter');
describe('matchesEventFilter', () => {
  it.each([
    [['user.create'], 'user.create', true],
    [['user.create'], 'user.delete', false],
    [['user.create'], 'user.create.extra', false],
    [['*'], 'user.create', true],
    [['*'], 'invoice.paid', true],
    [['user.*'], 'user.create', true],
    [['user.*'], 'user.password.reset', true],
    [['user.*'], 'users.create', false],
    [['user.*'], 'user', false],
    [['user.*'], 'invoice.user', false],
    [['user.password.*'], 'user.password.reset', true],
    [['user.password.*'], 'user.create', false],
    [['invoice.paid', 'user.*'], 'user.create', true],
    [['invoice.paid', 'user.*'], 'invoice.paid', true],
    [['invoice.paid', 'user.*'], 'invoice.created', false],
  ])('%j against %s → %s', (filters, eventType, expected) => {
    expect((0, event_filter_1.matchesEventFilter)(filters, eventType)).toBe(expected);
  });
  it('matches nothing with no filters', () => {
    expect((0, event_filter_1.matchesEventFilter)([], 'user.create')).toBe(false);
  });
});
describe('EVENT_TYPE_PATTERN', () => {
  it.each(['user.create', 'user.password.reset', 'invoice_item.paid', 'v2.user.create', 'a.b'])(
    'accepts %s',
    (eventType) => {
      expect(event_filter_1.EVENT_TYPE_PATTERN.test(eventType)).toBe(true);
    },
  );
  it.each([
    'User.create',
    'user.Create',
    'user',
    'user..create',
    'user.create.',
    '.user.create',
    'user-create.done',
    'user create.x',
    'user.*',
    '*',
    '',
  ])('rejects %j', (eventType) => {
    expect(event_filter_1.EVENT_TYPE_PATTERN.test(eventType)).toBe(false);
  });
});
describe('EVENT_FILTER_PATTERN', () => {
  it.each(['*', 'user.*', 'user.password.*', 'user.create', 'user.password.reset'])(
    'accepts %s',
    (filter) => {
      expect(event_filter_1.EVENT_FILTER_PATTERN.test(filter)).toBe(true);
    },
  );
  it.each([
    '*.create',
    'user*',
    '',
    'user',
    'user.',
    'user.**',
    'user.*.create',
    '**',
    '.*',
    'User.*',
    'user..*',
  ])('rejects %j', (filter) => {
    expect(event_filter_1.EVENT_FILTER_PATTERN.test(filter)).toBe(false);
  });
});
//# sourceMappingURL=event-filter.spec.js.map
