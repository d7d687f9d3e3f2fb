// @ts-check
import { installPlan, missingTools } from './prometheus.mjs';

describe('installPlan', () => {
  it("installs Debian's prometheus package as root where apt-get exists", () => {
    expect(installPlan({ uid: 0, hasAptGet: true })).toEqual({
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'prometheus'],
      ],
    });
  });

  it('says what to install where it cannot', () => {
    expect(installPlan({ uid: 1000, hasAptGet: true })).toEqual({
      refusal: expect.stringMatching(/not root: install Debian's prometheus package/),
    });
    expect(installPlan({ uid: 0, hasAptGet: false })).toEqual({
      refusal: expect.stringMatching(/no apt-get/),
    });
  });
});

describe('missingTools', () => {
  it('lists the tools that do not run', () => {
    expect(missingTools((tool) => tool === 'promtool')).toEqual(['prometheus']);
    expect(missingTools(() => true)).toEqual([]);
  });
});
