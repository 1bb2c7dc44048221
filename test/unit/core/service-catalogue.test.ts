import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServiceCatalogue, serviceTiles } from '../../../electron/core/services/shared/service-catalogue.ts';

const shipped = join(import.meta.dirname, '../../../resources/services/catalogue.json');

describe('service catalogue', () => {
  it('loads the shipped catalogue and marks tiles whose required device is down', () => {
    const catalogue = loadServiceCatalogue(shipped);
    const tiles = serviceTiles(catalogue, ['credit-query', 'service-guide'], (d) => d !== 'idCard');
    expect(tiles.map((t) => t.id)).toEqual(['credit-query', 'service-guide']);
    expect(tiles[0]).toMatchObject({ available: false, unavailableReason: 'device-unavailable:idCard' });
    expect(tiles[1]).toMatchObject({ available: true });
  });

  it('refuses a malformed catalogue naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    const path = join(dir, 'bad.json');
    try {
      writeFileSync(path, JSON.stringify({ services: [{ id: 'Bad Id', titleKey: 'x', icon: 'x', requiredDevices: [], optionalDevices: [] }] }));
      expect(() => loadServiceCatalogue(path)).toThrow(/services\.0\.id/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
