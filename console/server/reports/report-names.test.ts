/**
 * Report names come from the terminal's own catalogue, locale packs and evaluation contract: every
 * service and reason the terminal ships is named in both languages, a service's strings are found
 * in its own pack too, and ids nobody names (a newer terminal's) are marked, never an error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluationReasons } from '../../../electron/contract/evaluation/evaluation.contract.ts';
import { loadServiceCatalogue } from '../../../electron/core/services/shared/service-catalogue.ts';
import { loadReportNames, namesFor, reasonName, reportNames, serviceName } from './report-names.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function resources(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'report-names-'));
  dirs.push(dir);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), JSON.stringify(content));
  }
  return dir;
}

const service = (id: string, titleKey: string) => ({ id, group: 'government', kind: 'query', titleKey, icon: 'x', requiredDevices: [], optionalDevices: [] });

describe('report names', () => {
  it('names every service of the shipped catalogue and every 好差评 reason of the contract, in both languages', () => {
    const names = reportNames();
    const catalogue = loadServiceCatalogue(new URL('../../../resources/services/catalogue.json', import.meta.url).pathname);
    expect([...names.services.keys()].sort()).toEqual(catalogue.services.map((s) => s.id).sort());
    expect([...names.reasons.keys()]).toEqual([...evaluationReasons]);
    expect(names.services.get('credit-query')).toEqual({ 'zh-CN': '信用查询', 'en-US': 'Credit query' });
    expect(names.reasons.get('too-slow')).toEqual({ 'zh-CN': '等待时间长', 'en-US': 'Too slow' });
  });

  it("finds a service's name in its own pack when the eager pack lacks it, and leaves a half-named one unnamed", () => {
    const dir = resources({
      'services/catalogue.json': { services: [service('tax-query', 'tax.title'), service('half-named', 'service.half')] },
      'locales/zh-CN.json': { service: { half: '半个' }, evaluation: { reason: { 'too-slow': '慢' } } },
      'locales/en-US.json': { evaluation: { reason: { 'too-slow': 'Slow' } } },
      'locales/services/tax-query/zh-CN.json': { tax: { title: '税务查询' } },
      'locales/services/tax-query/en-US.json': { tax: { title: 'Tax query' } },
    });
    const names = loadReportNames(dir);
    expect(Object.fromEntries(names.services)).toEqual({ 'tax-query': { 'zh-CN': '税务查询', 'en-US': 'Tax query' } });
    expect(Object.fromEntries(names.reasons)).toEqual({ 'too-slow': { 'zh-CN': '慢', 'en-US': 'Slow' } });
  });

  it('picks the names of the ids asked for and marks the ids it does not know', () => {
    const picked = namesFor(reportNames(), { services: ['credit-query', 'housing-fund'], reasons: ['device-fault', 'queue'] });
    expect(Object.keys(picked.services)).toEqual(['credit-query']);
    expect(Object.keys(picked.reasons)).toEqual(['device-fault']);
    expect([serviceName(picked, 'credit-query'), serviceName(picked, 'housing-fund'), serviceName(picked, 'housing-fund', 'en-US')]).toEqual(['信用查询', 'housing-fund（未知事项）', 'housing-fund (unknown service)']);
    expect([reasonName(picked, 'device-fault'), reasonName(picked, 'queue', 'en-US')]).toEqual(['设备故障', 'queue (unknown reason)']);
  });

  it('says which file is wrong when the catalogue cannot be read', () => {
    const dir = resources({ 'services/catalogue.json': { services: [] } });
    expect(() => loadReportNames(dir)).toThrow(/catalogue\.json/);
  });
});
