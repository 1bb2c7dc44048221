import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIOSK_API } from '../../../../../../electron/contract/api-table.ts';
import { loadServiceCatalogue, serviceTiles } from '../../../../../../electron/core/services/shared/service-catalogue.ts';

const shipped = join(import.meta.dirname, '../../../../../../resources/services/catalogue.json');

describe('service catalogue', () => {
  it('marks a service as needing 人证核验 only where the contract has methods the dispatcher guards with it', () => {
    const catalogue = loadServiceCatalogue(shipped);
    const guarded = new Set(Object.values(KIOSK_API).filter((entry) => entry.access === 'verified').map((entry) => entry.service));
    const flagged = catalogue.services.filter((service) => service.needsVerifiedPerson === true).map((service) => service.id);
    expect(flagged.length).toBeGreaterThan(0);
    for (const id of flagged) expect(guarded, `${id} is flagged but none of its methods needs a verified person`).toContain(id);
  });

  it('loads the shipped catalogue and marks tiles whose required device is down', () => {
    const catalogue = loadServiceCatalogue(shipped);
    const tiles = serviceTiles(catalogue, ['credit-query', 'service-guide'], (d) => d !== 'idCard');
    expect(tiles.map((t) => t.id)).toEqual(['credit-query', 'service-guide']);
    expect(tiles[0]).toMatchObject({ available: false, unavailableReason: 'device-unavailable:idCard' });
    expect(tiles[1]).toMatchObject({ available: true });
  });

  it('closes query tiles while the upstream cannot be reached, naming why, and keeps submission tiles open', () => {
    const catalogue = loadServiceCatalogue(shipped);
    const enabled = ['credit-query', 'credit-commitment', 'service-guide'];
    const offline = serviceTiles(catalogue, enabled, () => true, 'offline');
    expect(offline).toEqual([
      expect.objectContaining({ id: 'credit-query', kind: 'query', available: false, unavailableReason: 'network-offline' }),
      expect.objectContaining({ id: 'credit-commitment', kind: 'submission', available: true, deliveredLater: true }),
      expect.objectContaining({ id: 'service-guide', kind: 'local', available: true }),
    ]);
    expect(offline[2]).not.toHaveProperty('deliveredLater');
    const failing = serviceTiles(catalogue, enabled, () => true, 'degraded');
    expect(failing[0]).toMatchObject({ available: false, unavailableReason: 'upstream-failing' });
    expect(failing[1]).toMatchObject({ available: true, deliveredLater: true });
  });

  it('offers every tile plainly while the upstream answers', () => {
    const catalogue = loadServiceCatalogue(shipped);
    const tiles = serviceTiles(catalogue, ['credit-query', 'credit-commitment'], () => true, 'online');
    for (const tile of tiles) {
      expect(tile.available).toBe(true);
      expect(tile).not.toHaveProperty('unavailableReason');
      expect(tile).not.toHaveProperty('deliveredLater');
    }
  });

  it('names a missing device before the upstream: staff can fix the device on the spot', () => {
    const catalogue = loadServiceCatalogue(shipped);
    const [credit, commitment] = serviceTiles(catalogue, ['credit-query', 'credit-commitment'], (d) => d !== 'idCard', 'offline');
    expect(credit).toMatchObject({ available: false, unavailableReason: 'device-unavailable:idCard' });
    // A submission that cannot even start is not "delivered later".
    expect(commitment).toMatchObject({ available: false, unavailableReason: 'device-unavailable:idCard' });
    expect(commitment).not.toHaveProperty('deliveredLater');
  });

  it('marks every shipped service as query, submission or local', () => {
    const catalogue = loadServiceCatalogue(shipped);
    const kinds = Object.fromEntries(catalogue.services.map((s) => [s.id, s.kind]));
    expect(kinds).toMatchObject({ 'credit-query': 'query', 'credit-commitment': 'submission', 'form-filling': 'submission', 'service-guide': 'local' });
  });

  it('puts every shipped service in a home-screen group and carries it on the tile', () => {
    const catalogue = loadServiceCatalogue(shipped);
    const groups = Object.fromEntries(catalogue.services.map((s) => [s.id, s.group]));
    expect(groups).toMatchObject({ 'credit-query': 'credit', 'credit-commitment': 'credit', 'traffic-violation': 'police', 'id-photo': 'police', 'service-guide': 'government' });
    const tiles = serviceTiles(catalogue, ['traffic-violation', 'form-filling'], () => true);
    expect(tiles.map((t) => [t.id, t.group])).toEqual([
      ['form-filling', 'government'],
      ['traffic-violation', 'police'],
    ]);
  });

  it('refuses an entry without a group, or with a group the home screen does not have, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    const entry = { id: 'x', kind: 'local', titleKey: 'x', icon: 'x', requiredDevices: [], optionalDevices: [] };
    try {
      const missing = join(dir, 'no-group.json');
      writeFileSync(missing, JSON.stringify({ services: [entry] }));
      expect(() => loadServiceCatalogue(missing)).toThrow(/services\.0\.group/);
      const unknown = join(dir, 'bad-group.json');
      writeFileSync(unknown, JSON.stringify({ services: [{ ...entry, group: 'tax' }] }));
      expect(() => loadServiceCatalogue(unknown)).toThrow(/services\.0\.group/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a catalogue entry without a kind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    const path = join(dir, 'no-kind.json');
    try {
      writeFileSync(path, JSON.stringify({ services: [{ id: 'x', titleKey: 'x', icon: 'x', requiredDevices: [], optionalDevices: [] }] }));
      expect(() => loadServiceCatalogue(path)).toThrow(/services\.0\.kind/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed catalogue naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    const path = join(dir, 'bad.json');
    try {
      writeFileSync(path, JSON.stringify({ services: [{ id: 'Bad Id', kind: 'query', titleKey: 'x', icon: 'x', requiredDevices: [], optionalDevices: [] }] }));
      expect(() => loadServiceCatalogue(path)).toThrow(/services\.0\.id/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
