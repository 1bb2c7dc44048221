/**
 * The config's `site` (region, hall, tags): what the heartbeat carries and the console groups by.
 * Fleet authority (a staff change is refused per field); bad values are refused with the field named.
 */
import { describe, expect, it } from 'vitest';
import { fieldAuthoritiesOf, fleetOnlyChanges } from '../../../../../electron/core/config/config-authority.ts';
import { terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import { siteSummary } from '../../../../../electron/core/fleet/site-summary.ts';
import defaults from '../../../../../resources/config/default.json';

const withSite = (site: unknown) => terminalConfigSchema.safeParse({ ...defaults, site });
const problems = (site: unknown) => {
  const parsed = withSite(site);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('site config', () => {
  it('defaults to nothing set, and the heartbeat then carries an empty site', () => {
    const config = terminalConfigSchema.parse(defaults);
    expect(config.site).toEqual({ tags: [] });
    expect(siteSummary(config.site)).toEqual({});
  });

  it('takes region, hall and tags (Chinese included), trimmed, and the heartbeat carries what is set', () => {
    const parsed = withSite({ region: ' 昆明市 ', hall: '五华区政务服务中心', tags: ['24h', '信用查询'] });
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(siteSummary(parsed.data.site)).toEqual({ region: '昆明市', hall: '五华区政务服务中心', tags: ['24h', '信用查询'] });
  });

  it('refuses bad values with the field named', () => {
    expect(problems({ region: '' })).toEqual([expect.stringMatching(/^site\.region: /)]);
    expect(problems({ tags: ['two words'] })).toEqual(['site.tags.0: letters, digits, ".", "_" or "-", at most 50']);
    expect(problems({ tags: ['24h', '24h'] })).toEqual(['site.tags: must not list a tag twice']);
    expect(problems({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).toEqual([expect.stringMatching(/^site\.tags: /)]);
    expect(problems({ building: 'A' })).toEqual([expect.stringMatching(/^site: .*building/)]);
  });

  it('is the fleet’s: a change on site is a fleet-only change, field by field', () => {
    const fields = fieldAuthoritiesOf(terminalConfigSchema);
    for (const path of ['site.region', 'site.hall', 'site.tags']) expect(fields.find((f) => f.path === path)?.authority, path).toBe('fleet');
    const current = terminalConfigSchema.parse(defaults);
    const moved = terminalConfigSchema.parse({ ...defaults, site: { hall: '另一个大厅', tags: ['x'] } });
    expect(fleetOnlyChanges(fields, current, moved)).toEqual(['site.hall', 'site.tags']);
  });
});
