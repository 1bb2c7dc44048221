/**
 * Prefills a form from the session's ID card and verified e-licences (一表通用: the citizen types
 * only what no document already says). Values are returned to the one screen that fills the form;
 * sensitive fields are shown masked there (see FormFieldView.sensitive).
 */
import type { IdCardData } from '../../../../native/idcard/id-card-data.ts';
import type { FormPrefillSource } from '../../../contract/service-api.ts';
import { formFields, type FormFieldResource, type FormResource } from './form-schema.ts';

export interface PrefillSources {
  identity?: IdCardData | undefined;
  /** Verified e-licences of this session: licence type → field → value. */
  licences?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

export interface PrefillResult {
  values: Record<string, string>;
  prefilled: { field: string; source: FormPrefillSource }[];
}

export function prefillForm(form: FormResource, sources: PrefillSources): PrefillResult {
  const values: Record<string, string> = {};
  const prefilled: PrefillResult['prefilled'] = [];
  for (const field of formFields(form)) {
    if (!field.prefill) continue;
    const value = prefillValue(field, field.prefill, sources);
    if (value === undefined || value === '') continue;
    values[field.id] = value;
    prefilled.push({ field: field.id, source: field.prefill });
  }
  return { values, prefilled };
}

function prefillValue(field: FormFieldResource, source: FormPrefillSource, sources: PrefillSources): string | undefined {
  if (source.startsWith('eLicence.')) {
    const [, type, key] = source.split('.');
    return type && key ? sources.licences?.get(type)?.[key] : undefined;
  }
  const card = sources.identity;
  if (!card) return undefined;
  switch (source) {
    case 'idCard.name':
      return card.name || card.nameEn;
    case 'idCard.gender':
      return genderValue(field, card.gender);
    case 'idCard.nation':
      // Foreigner cards carry a nationality code here, not a nation (民族): nothing to prefill.
      return card.cardType === 'resident' ? nationValue(field, card.nation) : undefined;
    case 'idCard.birthDate':
      return field.type === 'date' ? `${card.birthDate.slice(0, 4)}-${card.birthDate.slice(4, 6)}-${card.birthDate.slice(6, 8)}` : card.birthDate;
    case 'idCard.address':
      return card.address;
    case 'idCard.idNumber':
      return card.idNumber;
    default:
      return undefined;
  }
}

const GENDER_TEXT = { male: '男', female: '女' } as const;

/** Option fields take the option whose value is 'male'/'female' or '男'/'女'; text fields get 男/女. */
function genderValue(field: FormFieldResource, gender: IdCardData['gender']): string | undefined {
  if (gender === 'unknown') return undefined;
  if (!field.options) return GENDER_TEXT[gender];
  return field.options.find((o) => o.value === gender || o.value === GENDER_TEXT[gender])?.value;
}

/** The card says '汉'; forms list '汉族' or '汉': take the option that matches either. */
function nationValue(field: FormFieldResource, nation: string): string | undefined {
  if (!nation) return undefined;
  if (!field.options) return nation;
  return field.options.find((o) => o.value === nation || o.value === `${nation}族` || `${o.value}族` === nation)?.value;
}
