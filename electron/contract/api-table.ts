/**
 * The whole KioskApi as one table: every feature folder's methods merged. The dispatcher applies
 * each entry's policy; the method list both clients are built from is generated from this table
 * (generated/method-list.ts, `npm run gen:contract`), and a test keeps the two equal.
 */
import type { z } from 'zod';
import { evaluationMethods } from './evaluation/evaluation.contract.ts';
import { handwritingMethods } from './handwriting/handwriting.contract.ts';
import { maintenanceMethods } from './maintenance/maintenance.contract.ts';
import type { MethodEntry, ResultOf } from './method.ts';
import { paymentMethods } from './payments/payments.contract.ts';
import { personCheckMethods } from './person-check/person-check.contract.ts';
import { creditCommitmentMethods } from './services/credit-commitment/credit-commitment.contract.ts';
import { creditEnterpriseMethods } from './services/credit-enterprise/credit-enterprise.contract.ts';
import { creditQueryMethods } from './services/credit-query/credit-query.contract.ts';
import { eLicenceMethods } from './services/e-licence/e-licence.contract.ts';
import { formFillingMethods } from './services/form-filling/form-filling.contract.ts';
import { idPhotoMethods } from './services/id-photo/id-photo.contract.ts';
import { progressQueryMethods } from './services/progress-query/progress-query.contract.ts';
import { serviceGuideMethods } from './services/service-guide/service-guide.contract.ts';
import { serviceSharedMethods } from './services/shared/service-shared.contract.ts';
import { trafficViolationMethods } from './services/traffic-violation/traffic-violation.contract.ts';
import { certificatePickupMethods } from './services/certificate-pickup/certificate-pickup.contract.ts';
import { hkMacauEndorsementMethods } from './services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
import { staffCallMethods } from './staff-call/staff-call.contract.ts';
import { terminalMethods } from './terminal/terminal.contract.ts';
import type { KioskMethod } from './generated/method-list.ts';

export const KIOSK_API = {
  ...terminalMethods,
  ...creditQueryMethods,
  ...creditEnterpriseMethods,
  ...creditCommitmentMethods,
  ...formFillingMethods,
  ...eLicenceMethods,
  ...progressQueryMethods,
  ...serviceGuideMethods,
  ...trafficViolationMethods,
  ...certificatePickupMethods,
  ...hkMacauEndorsementMethods,
  ...idPhotoMethods,
  ...serviceSharedMethods,
  ...staffCallMethods,
  ...personCheckMethods,
  ...evaluationMethods,
  ...handwritingMethods,
  ...paymentMethods,
  ...maintenanceMethods,
} as const;

export type KioskApiTable = typeof KIOSK_API;
export type TableMethod = keyof KioskApiTable;

// The generated list and the table name the same methods: a method added to one only fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const generatedListMatchesTable: Same<KioskMethod, TableMethod> = true;
void generatedListMatchesTable;

export type ResultOfEntry<E> = E extends { result: ResultOf<infer T> } ? T : never;
export type KioskResults = { [M in KioskMethod]: ResultOfEntry<KioskApiTable[M]> };
/** What a caller passes (defaults may be omitted). */
export type KioskRequestInput<M extends KioskMethod> = z.input<KioskApiTable[M]['request']>;
/** What a handler receives after validation (defaults applied). */
export type KioskRequest<M extends KioskMethod> = z.output<KioskApiTable[M]['request']>;
export type MethodAccess<M extends KioskMethod> = KioskApiTable[M]['access'];

/** The entry of a method, for code that walks the table (dispatcher, generator, docs). */
export const entryOf = (name: KioskMethod): MethodEntry => KIOSK_API[name] as MethodEntry;
