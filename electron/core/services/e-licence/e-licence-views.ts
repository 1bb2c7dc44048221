/** What the screen may show of a verified e-licence (the licence number masked). */
import type { IdCardData } from '../../../../native/idcard/id-card-data.ts';
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import type { ELicenceView, LocalizedText } from '../../../contract/service-api.ts';
import type { ELicenceRecord } from './e-licence-upstream.ts';

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
