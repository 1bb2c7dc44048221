/** The forms, guides and commitment texts shipped in resources/: valid, complete in zh-CN and en-US. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LocalizedText } from '../../../../../electron/contract/service-api.ts';
import { SERVICE_IDS } from '../../../../../electron/core/config/config-schema.ts';
import { loadServiceCatalogue } from '../../../../../electron/core/services/shared/service-catalogue.ts';
import { loadServiceContent } from '../../../../../electron/core/services/service-content.ts';
import { missingLocales } from '../../../../../electron/core/services/shared/localized-text.ts';

const resources = join(import.meta.dirname, '../../../..', '..', 'resources');
const content = loadServiceContent(resources);

/** Every LocalizedText anywhere in a value, with its path. */
function texts(value: unknown, path = ''): [string, LocalizedText][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (typeof record['zh-CN'] === 'string') return [[path, record as LocalizedText]];
  return Object.entries(record).flatMap(([k, v]) => texts(v, path ? `${path}.${k}` : k));
}

describe('shipped service content', () => {
  it('loads forms, guides and commitments', () => {
    expect([...content.forms.keys()]).toEqual(['residence-permit', 'flexible-employment-insurance', 'business-change']);
    expect(content.guides.guides.size).toBeGreaterThanOrEqual(4);
    expect(content.guides.themes.length).toBeGreaterThanOrEqual(3);
    expect([...content.commitments.keys()]).toEqual(['individual-business-registration', 'credit-repair']);
  });

  it('has every text in zh-CN and en-US', () => {
    const all = [
      ...[...content.forms.values()].flatMap((f) => texts(f, f.formId)),
      ...[...content.guides.guides.values()].flatMap((g) => texts(g, g.guideId)),
      ...texts(content.guides.themes, 'themes'),
      ...[...content.commitments.values()].flatMap((c) => texts(c, c.matterId)),
    ];
    expect(all.length).toBeGreaterThan(100);
    const incomplete = all.filter(([, text]) => missingLocales(text, ['zh-CN', 'en-US']).length > 0).map(([path]) => path);
    expect(incomplete).toEqual([]);
  });

  it('links guides only to services the catalogue and config know', () => {
    const catalogue = loadServiceCatalogue(join(resources, 'services', 'catalogue.json'));
    const ids = new Set(catalogue.services.map((s) => s.id));
    for (const id of catalogue.services.map((s) => s.id)) expect(SERVICE_IDS as readonly string[]).toContain(id);
    for (const guide of content.guides.guides.values()) if (guide.serviceId) expect(ids.has(guide.serviceId)).toBe(true);
  });
});
