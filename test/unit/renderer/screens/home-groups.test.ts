/** The home screen's sections (issue 12): 信用 / 公安 / 政务服务, in that order, empty ones left out. */
import { describe, expect, it } from 'vitest';
import type { ServiceTile } from '../../../../electron/contract/kiosk-api.ts';
import { GROUP_ORDER, groupTiles } from '../../../../renderer/src/screens/home-groups.ts';

const tile = (id: string, group: ServiceTile['group']): ServiceTile => ({ id, group, kind: 'query', titleKey: `service.${id}`, icon: id, available: true });

describe('home groups', () => {
  it('orders the groups credit, police, government whatever the catalogue order, keeping each group’s tiles in catalogue order', () => {
    const groups = groupTiles([tile('guide', 'government'), tile('traffic', 'police'), tile('credit', 'credit'), tile('forms', 'government'), tile('photo', 'police')]);
    expect(groups.map((g) => g.group)).toEqual(['credit', 'police', 'government']);
    expect(groups.map((g) => g.tiles.map((t) => t.id))).toEqual([['credit'], ['traffic', 'photo'], ['guide', 'forms']]);
  });

  it('puts a tile whose group this screen does not know under the last group, never hides it', () => {
    const odd = { ...tile('new', 'credit'), group: 'tax' } as unknown as ServiceTile;
    expect(groupTiles([tile('credit', 'credit'), odd]).map((g) => [g.group, g.tiles.map((t) => t.id)])).toEqual([
      ['credit', ['credit']],
      ['government', ['new']],
    ]);
  });

  it('leaves out a group with no enabled service', () => {
    expect(groupTiles([tile('guide', 'government')]).map((g) => g.group)).toEqual(['government']);
    expect(groupTiles([])).toEqual([]);
  });

  it('has a heading string for every group in both languages', async () => {
    for (const locale of ['zh-CN', 'en-US']) {
      const pack = (await import(`../../../../resources/locales/${locale}.json`)) as { default: { home: { group: Record<string, string> } } };
      for (const group of GROUP_ORDER) expect(pack.default.home.group[group], `${locale} ${group}`).toMatch(/\S/);
    }
  });
});
