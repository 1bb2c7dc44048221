/** Reduce the services' upstream records to what the screen may show (masked, minimal). */
import { maskIdNumber } from '../../contract/rules/id-number.ts';
import type { IdCardData } from '../../../native/idcard/id-card-data.ts';
import type {
  ELicenceView,
  EnterpriseCreditView,
  LocalizedText,
  ProgressItem,
  TrafficViolationView,
} from '../../contract/service-api.ts';
import { maskName } from '../printing/credit-receipt.ts';
import type {
  ELicenceRecord,
  EnterpriseCreditRecord,
  ProgressRecord,
  TrafficViolationsRecord,
} from '../upstream/service-upstream.ts';

export const toEnterpriseCreditView = (r: EnterpriseCreditRecord, queriedAt: Date): EnterpriseCreditView => ({
  reportNo: r.reportNo,
  creditCode: r.creditCode,
  entityName: r.entityName,
  entityType: r.entityType,
  legalRepresentative: r.legalRepresentative,
  registeredAt: r.registeredAt,
  status: r.status,
  entries: r.entries.map((e) => ({ category: e.category, title: e.title, authority: e.authority, date: e.date })),
  queriedAt: queriedAt.toISOString(),
  verifyUrl: r.verifyUrl,
});

/** English names of the licence types the provincial apps issue; others show the upstream's name. */
const LICENCE_NAMES_EN: Record<string, string> = {
  'resident-id': 'Resident identity card',
  'driving-licence': 'Driving licence',
  'vehicle-licence': 'Vehicle licence',
  'business-licence': 'Business licence',
  'household-register': 'Household register',
  'marriage-certificate': 'Marriage certificate',
  'social-security-card': 'Social security card',
};

export const licenceName = (r: ELicenceRecord): LocalizedText => {
  const en = LICENCE_NAMES_EN[r.licenceType];
  return en ? { 'zh-CN': r.licenceName, 'en-US': en } : { 'zh-CN': r.licenceName };
};

/** null when no card was read; otherwise whether the licence's holder is the card's holder. */
export const licenceMatchesCard = (r: ELicenceRecord, identity: IdCardData | undefined): boolean | null =>
  identity ? identity.idNumber.toUpperCase() === r.holderIdNumber.toUpperCase() : null;

export const toELicenceView = (r: ELicenceRecord, matches: boolean | null, kept: boolean, verifiedAt: Date): ELicenceView => ({
  licenceType: r.licenceType,
  licenceName: licenceName(r),
  holderName: r.holderName,
  licenceNoMasked: maskIdNumber(r.licenceNo),
  issuer: r.issuer,
  validUntil: r.validUntil,
  status: r.status,
  matchesCardHolder: matches,
  verifiedAt: verifiedAt.toISOString(),
  prefillKeys: kept ? Object.keys(r.fields).map((key) => `eLicence.${r.licenceType}.${key}`) : [],
});

export const toProgressItem = (r: ProgressRecord): ProgressItem => ({
  receiptNo: r.receiptNo,
  matter: r.matter,
  status: r.status,
  note: r.note,
  submittedAt: r.submittedAt,
  updatedAt: r.updatedAt,
  steps: r.steps.map((s) => ({ name: s.name, done: s.done, ...(s.at ? { at: s.at } : {}) })),
  ...(r.pickup ? { pickup: r.pickup } : {}),
});

export const maskedHolder = (name: string): string => (name ? maskName(name) : '');

export const toTrafficView = (r: TrafficViolationsRecord, queriedAt: Date): TrafficViolationView => {
  const open = r.items.filter((item) => !item.handled);
  return {
    plateNumber: r.plateNumber,
    items: r.items.map((item) => ({ ...item })),
    unhandledCount: open.length,
    totalPoints: open.reduce((sum, item) => sum + item.points, 0),
    totalFineYuan: open.reduce((sum, item) => sum + item.fineYuan, 0),
    queriedAt: queriedAt.toISOString(),
  };
};
