import { describe, expect, it } from 'vitest';
import { targetsFrom } from './command-targets.ts';

describe('command targets as typed', () => {
  it('splits terminal ids, the terminals\' own groups and sites', () => {
    expect(targetsFrom('KM-0001, KM-0002，group:hall-3  region:昆明市 tag:24h hall:盘龙区')).toEqual({
      terminals: ['KM-0001', 'KM-0002'],
      groups: ['hall-3'],
      sites: ['region:昆明市', 'tag:24h', 'hall:盘龙区'],
    });
    expect(targetsFrom('*')).toEqual({ groups: ['*'] });
    expect(targetsFrom('  ')).toEqual({});
  });
});
