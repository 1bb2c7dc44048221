/**
 * The attract screen's hall settings (issue 12): defaults that need no editing, clear refusals that
 * name the field, and on-site staff may change them (a hall moves a terminal without a bundle).
 */
import { describe, expect, it } from 'vitest';
import { fieldAuthoritiesOf } from '../../../../../electron/core/config/config-authority.ts';
import { terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import { hallSchema } from '../../../../../electron/core/config/hall-schema.ts';
import defaults from '../../../../../resources/config/default.json';

const issuesOf = (value: unknown) => {
  const parsed = hallSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('hall settings of the attract screen', () => {
  it('fills every field when the section is left out: emblem slot, 12345, reader below right, no name (the terminal title shows)', () => {
    const config = terminalConfigSchema.parse({ ...defaults, hall: undefined });
    expect(config.hall).toEqual({ name: { 'zh-CN': '', 'en-US': '' }, emblem: 'government-service', hotline: '12345', cardReader: 'below-right', timeZone: 'Asia/Shanghai' });
  });

  it('ships a named hall in both languages in the default config', () => {
    const config = terminalConfigSchema.parse(defaults);
    expect(config.hall.name['zh-CN']).not.toBe('');
    expect(config.hall.name['en-US']).not.toBe('');
  });

  it('takes a local hotline with its area code and every reader position', () => {
    for (const cardReader of ['below', 'below-left', 'below-right', 'left', 'right']) {
      expect(hallSchema.parse({ hotline: '0871-63012345', cardReader }).cardReader).toBe(cardReader);
    }
  });

  it('refuses a bad value naming the field, and an unknown key', () => {
    expect(issuesOf({ hotline: 'call us' })).toEqual([expect.stringMatching(/^hotline: must be a phone number/)]);
    expect(issuesOf({ hotline: '12345-' })).toEqual([expect.stringMatching(/^hotline:/)]);
    expect(issuesOf({ cardReader: 'above' })).toEqual([expect.stringMatching(/^cardReader:/)]);
    expect(issuesOf({ emblem: 'file:///etc/emblem.png' })).toEqual([expect.stringMatching(/^emblem:/)]);
    expect(issuesOf({ name: { 'zh-CN': '很'.repeat(33) } })).toEqual([expect.stringMatching(/^name\.zh-CN:/)]);
    expect(issuesOf({ name: { 'fr-FR': 'Mairie' } })).toEqual([expect.stringMatching(/fr-FR/)]);
    expect(issuesOf({ picture: '/tmp/x.png' })).toEqual([expect.stringMatching(/picture/)]);
  });

  it('takes an IANA time zone and refuses an unknown zone, a bare offset or a blank, naming the field', () => {
    expect(hallSchema.parse({ timeZone: 'Asia/Urumqi' }).timeZone).toBe('Asia/Urumqi');
    expect(hallSchema.parse({ timeZone: 'UTC' }).timeZone).toBe('UTC');
    for (const timeZone of ['Asia/Beijing', '+08:00', 'GMT+8', '', 'Asia/Shanghai; rm -rf /']) {
      expect(issuesOf({ timeZone }), timeZone).toEqual([expect.stringMatching(/^timeZone: must be an IANA time zone name/)]);
    }
    expect(issuesOf({ timeZone: 8 })).toEqual([expect.stringMatching(/^timeZone:/)]);
    const whole = terminalConfigSchema.safeParse({ ...defaults, hall: { ...defaults.hall, timeZone: 'Mars/Olympus' } });
    expect(whole.success ? [] : whole.error.issues.map((issue) => issue.path.join('.'))).toEqual(['hall.timeZone']);
  });

  it('is on-site staff’s to change, every field of it', () => {
    const hallFields = fieldAuthoritiesOf(terminalConfigSchema).filter((f) => f.path.startsWith('hall.'));
    expect(hallFields.map((f) => f.path)).toEqual(['hall.name.zh-CN', 'hall.name.en-US', 'hall.emblem', 'hall.hotline', 'hall.cardReader', 'hall.timeZone']);
    for (const field of hallFields) expect(field.authority, field.path).toBe('staff');
  });
});
