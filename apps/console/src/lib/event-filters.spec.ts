import { addFilter, filterMatches, groupTypes, isValidFilter, removeFilter } from './event-filters';

describe('event filters', () => {
  it('validates like the API', () => {
    for (const good of ['*', 'user.*', 'user.create', 'user.password.reset', 'a_b.c_d.*']) {
      expect([good, isValidFilter(good)]).toEqual([good, true]);
    }
    for (const bad of [
      '',
      'user',
      'User.create',
      'user.',
      'user.*.create',
      '**',
      'user*',
      ' user.create',
    ]) {
      expect([bad, isValidFilter(bad)]).toEqual([bad, false]);
    }
  });

  it('matches exact types, prefix wildcards and everything', () => {
    expect(filterMatches('user.*', 'user.password.reset')).toBe(true);
    expect(filterMatches('user.*', 'users.create')).toBe(false);
    expect(filterMatches('*', 'anything.at_all')).toBe(true);
    expect(filterMatches('user.create', 'user.update')).toBe(false);
  });

  it('keeps the list minimal when adding', () => {
    expect(addFilter(['user.create', 'email.create'], 'user.*')).toEqual([
      'email.create',
      'user.*',
    ]);
    expect(addFilter(['user.*'], 'user.create')).toEqual(['user.*']);
    expect(addFilter(['user.*', 'email.create'], '*')).toEqual(['*']);
    expect(addFilter(['*'], 'user.create')).toEqual(['*']);
    expect(addFilter(['user.create'], 'user.create')).toEqual(['user.create']);
    expect(addFilter(['user.password.*'], 'user.*')).toEqual(['user.*']);
    expect(removeFilter(['user.*', 'email.create'], 'user.*')).toEqual(['email.create']);
  });

  it('groups the catalog by first segment', () => {
    const type = (name: string) => ({ name, description: name, deprecated: false });
    const groups = groupTypes([type('user.update'), type('email.create'), type('user.create')]);
    expect(groups.map((group) => [group.wildcard, group.types.map((t) => t.name)])).toEqual([
      ['email.*', ['email.create']],
      ['user.*', ['user.create', 'user.update']],
    ]);
  });
});
