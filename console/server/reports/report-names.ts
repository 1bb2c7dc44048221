/**
 * Display names for the ids in monthly reports, from the terminal's own sources so the console
 * never keeps a second list: services from the service catalogue (resources/services/catalogue.json,
 * each named by its `titleKey` in the kiosk's locale packs) and bad-rating reasons from the
 * evaluation contract's `evaluationReasons`, named by `evaluation.reason.<id>`. A pack key is
 * looked up in the eager pack first, then in the service's own pack
 * (resources/locales/services/<id>/<tag>.json) where a service's strings may live.
 *
 * A report may name ids this console does not know (a terminal of a newer version): they get no
 * name here, and the page and files show the id with a marker instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluationReasons } from '../../../electron/contract/evaluation/evaluation.contract.ts';
import { loadServiceCatalogue } from '../../../electron/core/services/shared/service-catalogue.ts';
import type { ReportName, ReportNames } from '../../shared/report-types.ts';

export const NAME_LANGS = ['zh-CN', 'en-US'] as const;
export type NameLang = (typeof NAME_LANGS)[number];

export interface ReportNameCatalogue {
  services: ReadonlyMap<string, ReportName>;
  reasons: ReadonlyMap<string, ReportName>;
}

export const EMPTY_NAMES: ReportNameCatalogue = { services: new Map(), reasons: new Map() };

const RESOURCES = fileURLToPath(new URL('../../../resources/', import.meta.url));

type Pack = Record<string, unknown>;

function readPack(file: string): Pack | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Pack) : undefined;
}

function lookup(pack: Pack | undefined, key: string): string | undefined {
  let current: unknown = pack;
  for (const part of key.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return typeof current === 'string' ? current : undefined;
}

/** Reads the catalogue and the packs of a resources folder (the repository's by default). */
export function loadReportNames(resources: string = RESOURCES): ReportNameCatalogue {
  const catalogue = loadServiceCatalogue(`${resources}/services/catalogue.json`);
  const eager = Object.fromEntries(NAME_LANGS.map((lang) => [lang, readPack(`${resources}/locales/${lang}.json`)])) as Record<NameLang, Pack | undefined>;
  const nameOf = (key: string, servicePack?: string): ReportName | undefined => {
    const entries = NAME_LANGS.map((lang) => [lang, lookup(eager[lang], key) ?? (servicePack ? lookup(readPack(`${resources}/locales/services/${servicePack}/${lang}.json`), key) : undefined)] as const);
    return entries.every(([, text]) => text !== undefined) ? (Object.fromEntries(entries) as unknown as ReportName) : undefined;
  };
  const services = new Map<string, ReportName>();
  for (const service of catalogue.services) {
    const name = nameOf(service.titleKey, service.id);
    if (name) services.set(service.id, name);
  }
  const reasons = new Map<string, ReportName>();
  for (const reason of evaluationReasons) {
    const name = nameOf(`evaluation.reason.${reason}`);
    if (name) reasons.set(reason, name);
  }
  return { services, reasons };
}

let loaded: ReportNameCatalogue | undefined;

/** The repository's names, read once. */
export function reportNames(): ReportNameCatalogue {
  loaded ??= loadReportNames();
  return loaded;
}

/** The names of the given ids that the catalogue knows. */
export function namesFor(catalogue: ReportNameCatalogue, ids: { services: Iterable<string>; reasons: Iterable<string> }): ReportNames {
  const pick = (known: ReadonlyMap<string, ReportName>, wanted: Iterable<string>) => {
    const out: Record<string, ReportName> = {};
    for (const id of wanted) {
      const name = known.get(id);
      if (name) out[id] = name;
    }
    return out;
  };
  return { services: pick(catalogue.services, ids.services), reasons: pick(catalogue.reasons, ids.reasons) };
}

const UNKNOWN: Record<NameLang, { service: string; reason: string }> = {
  'zh-CN': { service: '（未知事项）', reason: '（未知原因）' },
  'en-US': { service: ' (unknown service)', reason: ' (unknown reason)' },
};

/** A service's name for a file, or its id marked unknown. */
export function serviceName(names: ReportNames, id: string, lang: NameLang = 'zh-CN'): string {
  return names.services[id]?.[lang] ?? `${id}${UNKNOWN[lang].service}`;
}

/** A bad-rating reason's name for a file, or its id marked unknown. */
export function reasonName(names: ReportNames, id: string, lang: NameLang = 'zh-CN'): string {
  return names.reasons[id]?.[lang] ?? `${id}${UNKNOWN[lang].reason}`;
}
